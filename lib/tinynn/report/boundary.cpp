// The decision boundary of a two-input classifier as an SVG picture (see plot.hpp): the
// network is asked for its probabilities at the centre of every cell of a grid that spans
// the data; each cell is painted by them, and the data points go on top.
//
// Colours. One output p = P(class 1): p = 0 is class 0's colour, p = 0.5 white, p = 1 class
// 1's colour, so the boundary p = 0.5 is the white band between the two. Several outputs: the
// most likely class k paints the cell, mixed with white by how sure the model is,
// t = (p_k − 1/C)/(1 − 1/C) (0 when every class is equally likely, 1 when p_k = 1).
// The field is at most 70% colour, so the points (full colour, dark rim) stand out on it.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "tinynn/report/plot.hpp"
#include "tinynn/report/svg_parts.hpp"

namespace tinynn {

using namespace svg_parts;

namespace {

constexpr double kFieldStrength = 0.7;   // the most colour a cell gets (t = 1)
constexpr int kLevels = 10;              // shades per class: the field is drawn in bands
constexpr std::size_t kMaxPoints = 5000; // more points than this are thinned (every k-th)

struct Rgb {
  double r, g, b;
};

Rgb parse_colour(const std::string& hex) {
  unsigned r = 0, g = 0, b = 0;
  std::sscanf(hex.c_str(), "#%2x%2x%2x", &r, &g, &b);
  return {static_cast<double>(r), static_cast<double>(g), static_cast<double>(b)};
}

// White mixed with `a` of `c`: a = 0 is white, a = 1 is c.
std::string mix_with_white(const std::string& colour, double a) {
  const Rgb c = parse_colour(colour);
  const auto channel = [a](double v) { return static_cast<int>(std::lround(255 + (v - 255) * a)); };
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", channel(c.r), channel(c.g), channel(c.b));
  return buf;
}

void check_points(const Tensor& points, const std::vector<std::size_t>& labels, std::size_t classes,
                  const char* what) {
  if (points.size() == 0 && labels.empty()) return;
  if (points.dimension() != 2 || points.shape(1) != 2 || points.shape(0) != labels.size()) {
    throw InputError(std::string("decision boundary: the ") + what + " are " + shape_str(points) + " with " +
                     std::to_string(labels.size()) + " labels; expected N×2 points and N labels");
  }
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] >= classes) {
      throw InputError(std::string("decision boundary: ") + what + " " + std::to_string(i) + " has class " +
                       std::to_string(labels[i]) + ", but the model has " + std::to_string(classes) + " classes");
    }
    if (!std::isfinite(points(i, 0)) || !std::isfinite(points(i, 1))) {
      throw InputError(std::string("decision boundary: ") + what + " " + std::to_string(i) + " is not finite");
    }
  }
}

// The range an axis shows: the data's, padded by 8% on each side (the points never touch the
// frame); the round ticks are those inside it.
struct Axis {
  double lo, hi;
  Ticks ticks;
};

Axis data_axis(double lo, double hi) {
  const double pad = hi > lo ? 0.08 * (hi - lo) : 0.5;
  Axis a{lo - pad, hi + pad, nice_ticks(lo - pad, hi + pad, 6)};
  std::vector<double> inside;
  for (const double t : a.ticks.values) {
    if (t >= a.lo - 1e-9 * a.ticks.step && t <= a.hi + 1e-9 * a.ticks.step) inside.push_back(t);
  }
  a.ticks.values = inside;
  return a;
}

}  // namespace

Svg decision_boundary_svg(const BoundaryPlot& plot, const ProbabilityMap& probability) {
  const std::size_t classes = plot.classes;
  if (classes < 2) throw InputError("decision boundary: expected at least 2 classes, got " + std::to_string(classes));
  if (plot.labels.empty()) throw InputError("decision boundary: no data points to draw");
  check_points(plot.points, plot.labels, classes, "points");
  check_points(plot.test_points, plot.test_labels, classes, "test points");
  const int cell = std::clamp(plot.cell, 1, 50);

  double x_lo = INFINITY, x_hi = -INFINITY, y_lo = INFINITY, y_hi = -INFINITY;
  for (const Tensor* p : {&plot.points, &plot.test_points}) {
    for (std::size_t i = 0; p->size() != 0 && i < p->shape(0); ++i) {
      x_lo = std::min(x_lo, (*p)(i, 0)), x_hi = std::max(x_hi, (*p)(i, 0));
      y_lo = std::min(y_lo, (*p)(i, 1)), y_hi = std::max(y_hi, (*p)(i, 1));
    }
  }
  const Axis ax = data_axis(x_lo, x_hi), ay = data_axis(y_lo, y_hi);
  const Ticks& xt = ax.ticks;
  const Ticks& yt = ay.ticks;

  // One scale for x and y (a circle stays round), the longer side 440 px; a side shorter than
  // 160 px is stretched to 160 (then the scales differ). Sides are whole cells.
  PlotFrame f;
  f.x_min = ax.lo, f.x_max = ax.hi;
  f.y_min = ay.lo, f.y_max = ay.hi;
  const double sx = f.x_max - f.x_min, sy = f.y_max - f.y_min, scale = 440 / std::max(sx, sy);
  const int gx = std::max(1, static_cast<int>(std::lround(std::max(160.0, sx * scale) / cell)));
  const int gy = std::max(1, static_cast<int>(std::lround(std::max(160.0, sy * scale) / cell)));
  f.width = gx * cell, f.height = gy * cell;
  f.top = plot.title.empty() ? 16 : 44;
  f.left = std::round(16 + 18 + 12 + y_label_room(yt, false));

  // The legend, right of the plot: the classes, the held-out points, what the field means.
  std::vector<std::string> names;
  for (std::size_t k = 0; k < classes; ++k) {
    names.push_back(k < plot.class_names.size() ? plot.class_names[k] : "class " + std::to_string(k));
  }
  const bool has_test = !plot.test_labels.empty();
  double legend_text = text_width("field: most likely class,", kTickFont);
  for (const std::string& n : names) legend_text = std::max(legend_text, text_width(n, kTickFont));
  const double legend_x = f.left + f.width + 20, legend_w = 28 + legend_text + 8;
  const int width = width_with_title(static_cast<int>(std::ceil(legend_x + legend_w + 12)), f, plot.title);
  const double legend_h = 18.0 * static_cast<double>(classes + (has_test ? 1 : 0)) + 70;
  const int height = static_cast<int>(std::ceil(std::max(f.top + f.height + 56, f.top + legend_h + 16)));

  // Ask the model at every cell centre, top row first.
  Tensor grid = Tensor::from_shape({static_cast<std::size_t>(gx) * static_cast<std::size_t>(gy), 2});
  for (int j = 0; j < gy; ++j) {
    for (int i = 0; i < gx; ++i) {
      const std::size_t r = static_cast<std::size_t>(j) * static_cast<std::size_t>(gx) + static_cast<std::size_t>(i);
      grid(r, 0) = f.x_min + (i + 0.5) * sx / gx;
      grid(r, 1) = f.y_max - (j + 0.5) * sy / gy;
    }
  }
  const Tensor p = probability(grid);
  const std::size_t columns = p.dimension() == 2 ? p.shape(1) : 0;
  const bool one_column = classes == 2 && (columns == 1 || columns == 2);
  if (p.dimension() != 2 || p.shape(0) != grid.shape(0) || !(one_column || columns == classes)) {
    throw InputError("decision boundary: the model gave " + shape_str(p) + " probabilities for " +
                     std::to_string(grid.shape(0)) + " points of " + std::to_string(classes) +
                     " classes; expected one column, or one per class");
  }
  for (const double v : p) {
    if (!(v >= -1e-9 && v <= 1 + 1e-9)) {
      throw InputError("decision boundary: the model gave the probability " + to_text(v) + ", outside [0, 1]");
    }
  }

  // Paint: each cell's colour is quantised to kLevels shades per class, and the cells of one
  // colour become one <path> of row runs (a few thousand runs rather than one rect per cell).
  std::map<std::string, std::string> runs;  // fill colour → path data
  const auto cell_colour = [&](std::size_t r) {
    std::size_t k;
    double t;
    if (one_column) {
      const double q = p(r, columns - 1);  // P(class 1)
      k = q >= 0.5 ? 1 : 0;
      t = std::abs(2 * q - 1);
    } else {
      k = 0;
      for (std::size_t c = 1; c < classes; ++c) {
        if (p(r, c) > p(r, k)) k = c;
      }
      t = (p(r, k) - 1.0 / static_cast<double>(classes)) / (1 - 1.0 / static_cast<double>(classes));
    }
    const double level = std::round(std::clamp(t, 0.0, 1.0) * kLevels) / kLevels;
    return mix_with_white(palette_colour(k), kFieldStrength * level);
  };
  for (int j = 0; j < gy; ++j) {
    int start = 0;
    std::string colour = cell_colour(static_cast<std::size_t>(j) * static_cast<std::size_t>(gx));
    for (int i = 1; i <= gx; ++i) {
      const std::string next = i < gx ? cell_colour(static_cast<std::size_t>(j) * static_cast<std::size_t>(gx) +
                                                    static_cast<std::size_t>(i))
                                      : std::string();
      if (next == colour) continue;
      runs[colour] += "M" + std::to_string(static_cast<int>(f.left) + start * cell) + " " +
                      std::to_string(static_cast<int>(f.top) + j * cell) + "h" + std::to_string((i - start) * cell) +
                      "v" + std::to_string(cell) + "h-" + std::to_string((i - start) * cell) + "z";
      start = i, colour = next;
    }
  }

  std::string out = open_svg(width, height, plot.title);
  out += "<g class=\"field\" shape-rendering=\"crispEdges\" data-cells=\"" + std::to_string(gx) + " " +
         std::to_string(gy) + "\">\n";
  for (const auto& [colour, d] : runs) out += "<path fill=\"" + colour + "\" d=\"" + d + "\"/>\n";
  out += "</g>\n";
  out += axes(f, xt, yt, plot.x_label, plot.y_label, title_that_fits(f, plot.title, width), false);
  out += frame_rect(f);

  // The points: training points filled in their class colour, held-out points as rings.
  const auto draw_points = [&](const Tensor& pts, const std::vector<std::size_t>& labels, bool ring) {
    const std::size_t n = labels.size(), every = (n + kMaxPoints - 1) / kMaxPoints;
    out += std::string("<g class=\"") + (ring ? "test-points" : "points") + "\" data-count=\"" + std::to_string(n) +
           "\"" + (every > 1 ? " data-every=\"" + std::to_string(every) + "\"" : "") + ">\n";
    for (std::size_t i = 0; i < n; i += every) {
      const std::string& c = palette_colour(labels[i]);
      out += "<circle cx=\"" + num(f.px(pts(i, 0))) + "\" cy=\"" + num(f.py(pts(i, 1))) + "\" r=\"3.5\" " +
             (ring ? "fill=\"#ffffff\" stroke=\"" + c + "\" stroke-width=\"1.8\""
                   : "fill=\"" + c + "\" stroke=\"#222222\" stroke-width=\"0.8\"") +
             "/>\n";
    }
    out += "</g>\n";
  };
  draw_points(plot.points, plot.labels, false);
  if (has_test) draw_points(plot.test_points, plot.test_labels, true);

  out += "<g class=\"legend\" font-size=\"" + std::to_string(static_cast<int>(kTickFont)) + "\" fill=\"#222222\">\n";
  double y = f.top + 10;
  for (std::size_t k = 0; k < classes; ++k, y += 18) {
    out += "<circle cx=\"" + num(legend_x + 8) + "\" cy=\"" + num(y) + "\" r=\"4\" fill=\"" + palette_colour(k) +
           "\" stroke=\"#222222\" stroke-width=\"0.8\"/>\n<text x=\"" + num(legend_x + 20) + "\" y=\"" + num(y) +
           "\" dy=\"0.35em\">" + xml_escape(names[k]) + "</text>\n";
  }
  if (has_test) {
    out += "<circle cx=\"" + num(legend_x + 8) + "\" cy=\"" + num(y) +
           "\" r=\"4\" fill=\"#ffffff\" stroke=\"#444444\" stroke-width=\"1.8\"/>\n<text x=\"" + num(legend_x + 20) +
           "\" y=\"" + num(y) + "\" dy=\"0.35em\">test data</text>\n";
    y += 18;
  }
  y += 12;
  if (one_column) {
    // A colour bar for p: class 0's colour, white at 0.5, class 1's colour.
    const double bar_w = std::min(legend_w - 12, 120.0);
    out += "<defs><linearGradient id=\"tinynn-ramp\"><stop offset=\"0\" stop-color=\"" +
           mix_with_white(palette_colour(0), kFieldStrength) + "\"/><stop offset=\"0.5\" stop-color=\"#ffffff\"/>" +
           "<stop offset=\"1\" stop-color=\"" + mix_with_white(palette_colour(1), kFieldStrength) +
           "\"/></linearGradient></defs>\n";
    out += "<text x=\"" + num(legend_x) + "\" y=\"" + num(y) + "\" dy=\"0.35em\">field: p(" + xml_escape(names[1]) +
           ")</text>\n";
    y += 14;
    out += "<rect x=\"" + num(legend_x) + "\" y=\"" + num(y) + "\" width=\"" + num(bar_w) +
           "\" height=\"10\" fill=\"url(#tinynn-ramp)\" stroke=\"#999999\" stroke-width=\"0.5\"/>\n";
    const char* marks[] = {"0", "0.5", "1"};
    for (int m = 0; m < 3; ++m) {
      out += "<text x=\"" + num(legend_x + bar_w * m / 2) + "\" y=\"" + num(y + 23) + "\" text-anchor=\"middle\">" +
             marks[m] + "</text>\n";
    }
  } else {
    out += "<text x=\"" + num(legend_x) + "\" y=\"" + num(y) + "\" dy=\"0.35em\">field: most likely class,</text>\n";
    out += "<text x=\"" + num(legend_x) + "\" y=\"" + num(y + 16) + "\" dy=\"0.35em\">paler where less sure</text>\n";
  }
  out += "</g>\n</svg>\n";
  return {out, f, width, height};
}

}  // namespace tinynn
