// The pieces both kinds of plot are built from (plot.cpp, boundary.cpp): the document head,
// numbers as SVG wants them, a text-width estimate for layout, and the axes.
#pragma once

#include <string>

#include "tinynn/report/plot.hpp"

namespace tinynn::svg_parts {

/// A coordinate: two decimals, no "-0.00".
std::string num(double v);

/// The width of `text` at `font_size` px in a sans-serif font, estimated from its code points
/// (DejaVu Sans averages about 0.6 em a character; good enough to leave room for a label).
double text_width(const std::string& text, double font_size);

/// `<?xml ...?><svg ...>` with a white background and a <title>; close with "</svg>\n".
std::string open_svg(int width, int height, const std::string& title);

/// The frame's data range as attributes of the plot-area <rect>, so that a reader (or a test)
/// of the file can map data to pixels: data-x-min="..." ... data-log-y="0|1".
std::string frame_rect(const PlotFrame& f);

/// Grid lines, the frame, tick marks and labels, the axis labels and the title.
std::string axes(const PlotFrame& f, const Ticks& x_ticks, const Ticks& y_ticks,
                 const std::string& x_label, const std::string& y_label, const std::string& title,
                 bool grid);

/// Where the title's centre goes: over the plot area, but never so far left that the title
/// starts before x = 8 (a narrow plot with a long title).
double title_centre(const PlotFrame& f, const std::string& title);

/// The picture's width `width`, widened if the title would end past its right edge — up to
/// kMaxTitleWidth px; a longer title is shortened instead (title_that_fits).
int width_with_title(int width, const PlotFrame& f, const std::string& title);

/// `title`, or, if it is too wide for a picture `width` px wide, its beginning and end with
/// "…" between them (the end names the file, which is what tells two pictures apart).
std::string title_that_fits(const PlotFrame& f, const std::string& title, int width);

inline constexpr int kMaxTitleWidth = 900;

/// Room the y tick labels need, in px.
double y_label_room(const Ticks& y_ticks, bool log_y);

inline constexpr double kTickFont = 12, kLabelFont = 14, kTitleFont = 16;

}  // namespace tinynn::svg_parts
