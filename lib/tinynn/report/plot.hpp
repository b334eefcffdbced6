// Pictures written by tinynn itself, as SVG text: line plots (a loss curve, σ and σ′) and
// decision boundaries (a network's probability as a colour field under the data). No plotting
// tool is involved; every text is XML-escaped and the result opens in any browser.
//
// The mapping from data to pixels is linear, y pointing up:
//   px(x) = left + width·(x − x_min)/(x_max − x_min)
//   py(y) = top + height·(y_max − y)/(y_max − y_min)
// and on a log axis the same with log10(y) in place of y.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "tinynn/tensor.hpp"

namespace tinynn {

/// `text` safe inside XML text and attribute values: & < > " ' become entities, control
/// characters XML 1.0 forbids are dropped, and invalid UTF-8 becomes U+FFFD (a browser refuses
/// a whole SVG file for one bad byte, and a CSV header may hold any bytes).
std::string xml_escape(const std::string& text);

/// Axis ticks at round values, 1, 2 or 5 × 10^k apart, covering [lo, hi]: the axis runs from
/// the first tick to the last. Log ticks are powers of ten (every m-th one if there are many).
struct Ticks {
  std::vector<double> values;
  double step = 0;  ///< distance between ticks (in decades for a log axis)
};

/// About `target` linear ticks covering [lo, hi] (finite; lo == hi is widened).
Ticks nice_ticks(double lo, double hi, int target = 5);

/// Powers of ten covering [lo, hi], 0 < lo ≤ hi, at most about `target` of them.
Ticks log_ticks(double lo, double hi, int target = 6);

/// A tick's label: as many decimals as the step needs ("0.2", "10", "-0.5", never "-0"); for
/// a log axis "0.001" … "1000" and "1e-05" beyond.
std::string tick_label(double value, const Ticks& ticks, bool log_axis = false);

/// The colours of series and classes, in order (matplotlib's "tab10": blue, orange, green, ...).
const std::string& palette_colour(std::size_t i);

/// Where the plot area lies in the picture and which data range it shows.
struct PlotFrame {
  double left = 0, top = 0, width = 0, height = 0;  ///< the plot area, in SVG pixels
  double x_min = 0, x_max = 1, y_min = 0, y_max = 1;
  bool log_y = false;
  double px(double x) const;  ///< pixel column of data x
  double py(double y) const;  ///< pixel row of data y
};

/// An SVG document and the frame of its plot area.
struct Svg {
  std::string text;
  PlotFrame frame;
  int width = 0, height = 0;  ///< picture size in pixels
};

struct Series {
  std::string name;          ///< shown in the legend
  std::vector<double> x, y;  ///< one point each, same length ≥ 1, all finite
  std::string colour;        ///< a CSS colour; empty: palette_colour(index of the series)
};

struct LinePlot {
  std::string title, x_label, y_label;
  std::vector<Series> series;
  bool log_y = false;  ///< logarithmic y axis: every y must then be > 0
  int width = 720, height = 450;
};

/// A line plot: every series is one <polyline class="series"> holding exactly its points;
/// axes with round ticks and their labels, axis labels, title, and a legend in the corner
/// where it hides the fewest points. Throws InputError for an empty or non-finite series,
/// x and y of different lengths, or a non-positive y on a log axis.
Svg line_plot_svg(const LinePlot& plot);

/// The probabilities a model gives at M points (M×2 in, M×1 p(class 1) or M×C out, in [0, 1]).
using ProbabilityMap = std::function<Tensor(const Tensor& points)>;

struct BoundaryPlot {
  std::string title, x_label = "x1", y_label = "x2";
  Tensor points;                       ///< N×2 data points, drawn filled
  std::vector<std::size_t> labels;     ///< the class of each point, < classes
  Tensor test_points;                  ///< optional K×2 held-out points, drawn as rings
  std::vector<std::size_t> test_labels;
  std::size_t classes = 2;             ///< 2: one probability column; C > 2: C columns
  std::vector<std::string> class_names;  ///< legend names (default "class 0", "class 1", ...)
  int cell = 4;                        ///< pixels per field cell (the field is a grid of cells)
};

/// A decision boundary: the model's probability over a grid spanning the data, as a colour
/// field (one output: p in a ramp from class 0's colour through white at 0.5 to class 1's;
/// several: the most likely class's colour, paler where it is less sure), the data points
/// on top in their class colours, axes and a legend. x and y keep one scale, so a circle
/// stays round. Throws InputError for no points, a label ≥ classes, or probabilities of the
/// wrong shape or outside [0, 1].
Svg decision_boundary_svg(const BoundaryPlot& plot, const ProbabilityMap& probability);

}  // namespace tinynn
