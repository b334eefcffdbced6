// SVG line plots, and the parts every plot shares: escaping, round ticks, axes (see plot.hpp).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "tinynn/report/plot.hpp"
#include "tinynn/report/svg_parts.hpp"

namespace tinynn {

namespace {

std::string printf_text(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

// Bytes of one UTF-8 character starting at s[i], or 0 if it is not valid UTF-8 (overlong
// forms, surrogates, beyond U+10FFFF) or is U+FFFE/U+FFFF, which XML forbids.
std::size_t utf8_length(const unsigned char* s, std::size_t i, std::size_t n) {
  const unsigned char c = s[i];
  std::size_t len = 0;
  char32_t cp = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2, cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3, cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4, cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > n) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((s[i + k] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[i + k] & 0x3F);
  }
  const char32_t min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF) return 0;
  return len;
}

}  // namespace

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default:
          // XML 1.0 allows tab, newline and carriage return, and no other control character.
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    const std::size_t len = utf8_length(s, i, n);
    if (len == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD, the replacement character
      ++i;
    } else {
      out.append(text, i, len);
      i += len;
    }
  }
  return out;
}

// Round ticks: the step is 1, 2 or 5 × 10^k, the smallest such at least (hi − lo)/target;
// the ticks are the multiples of the step from just below lo to just above hi.
Ticks nice_ticks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || !std::isfinite(hi - lo)) {
    throw InputError("plot: cannot draw an axis from " + to_text(lo) + " to " + to_text(hi));
  }
  if (lo > hi) std::swap(lo, hi);
  if (hi - lo <= 1e-12 * std::max(std::abs(lo), std::abs(hi))) {
    const double pad = lo == 0 ? 1 : std::abs(lo) * 0.1;  // one value: widen around it
    lo -= pad;
    hi += pad;
  }
  const double raw = (hi - lo) / std::max(1, target);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double r = raw / magnitude;
  Ticks t;
  t.step = (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * magnitude;
  const double first = std::floor(lo / t.step + 1e-9), last = std::ceil(hi / t.step - 1e-9);
  for (double k = first; k <= last + 0.5; ++k) t.values.push_back(k * t.step);
  return t;
}

Ticks log_ticks(double lo, double hi, int target) {
  if (!(lo > 0) || !std::isfinite(hi) || lo > hi) {
    throw InputError("plot: a log axis needs 0 < lo <= hi, got " + to_text(lo) + " and " + to_text(hi));
  }
  double k0 = std::floor(std::log10(lo) + 1e-9), k1 = std::ceil(std::log10(hi) - 1e-9);
  if (k1 <= k0) k1 = k0 + 1;
  Ticks t;
  t.step = std::max(1.0, std::ceil((k1 - k0) / std::max(1, target)));  // decades per tick
  k0 = std::floor(k0 / t.step) * t.step;
  k1 = std::ceil(k1 / t.step) * t.step;
  for (double k = k0; k <= k1 + 0.5; k += t.step) t.values.push_back(std::pow(10.0, k));
  return t;
}

std::string tick_label(double value, const Ticks& ticks, bool log_axis) {
  if (log_axis) {
    const int k = static_cast<int>(std::lround(std::log10(value)));
    if (k >= -4 && k <= 4) return printf_text(k < 0 ? ("%." + std::to_string(-k) + "f").c_str() : "%.0f", value);
    return "1e" + std::to_string(k);
  }
  if (std::abs(value) < ticks.step * 1e-6) value = 0;  // 3·0.1 − 0.3, never "-0"
  if (std::abs(value) >= 1e6 || ticks.step < 1e-5) return printf_text("%g", value);
  const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(ticks.step) + 1e-9)));
  return printf_text(("%." + std::to_string(decimals) + "f").c_str(), value);
}

const std::string& palette_colour(std::size_t i) {
  static const std::array<std::string, 10> tab10 = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                                    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  return tab10[i % tab10.size()];
}

double PlotFrame::px(double x) const { return left + width * (x - x_min) / (x_max - x_min); }

double PlotFrame::py(double y) const {
  if (log_y) {
    return top + height * (std::log10(y_max) - std::log10(y)) / (std::log10(y_max) - std::log10(y_min));
  }
  return top + height * (y_max - y) / (y_max - y_min);
}

namespace svg_parts {

std::string num(double v) {
  std::string s = printf_text("%.2f", v);
  return s == "-0.00" ? "0.00" : s;
}

double text_width(const std::string& text, double font_size) {
  std::size_t code_points = 0;
  for (const char c : text) code_points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return 0.62 * font_size * static_cast<double>(code_points);
}

std::string open_svg(int width, int height, const std::string& title) {
  const std::string w = std::to_string(width), h = std::to_string(height);
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + h +
         "\" viewBox=\"0 0 " + w + " " + h +
         "\" font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\" font-size=\"12\">\n"
         "<title>" + xml_escape(title) + "</title>\n"
         "<rect width=\"" + w + "\" height=\"" + h + "\" fill=\"#ffffff\"/>\n";
}

std::string frame_rect(const PlotFrame& f) {
  return "<rect class=\"plot-area\" x=\"" + num(f.left) + "\" y=\"" + num(f.top) + "\" width=\"" + num(f.width) +
         "\" height=\"" + num(f.height) + "\" fill=\"none\" data-x-min=\"" + to_text(f.x_min) + "\" data-x-max=\"" +
         to_text(f.x_max) + "\" data-y-min=\"" + to_text(f.y_min) + "\" data-y-max=\"" + to_text(f.y_max) +
         "\" data-log-y=\"" + (f.log_y ? "1" : "0") + "\"/>\n";
}

double y_label_room(const Ticks& y_ticks, bool log_y) {
  double room = 0;
  for (const double v : y_ticks.values) room = std::max(room, text_width(tick_label(v, y_ticks, log_y), kTickFont));
  return room;
}

double title_centre(const PlotFrame& f, const std::string& title) {
  return std::max(f.left + f.width / 2, 8 + text_width(title, kTitleFont) / 2);
}

int width_with_title(int width, const PlotFrame& f, const std::string& title) {
  if (title.empty()) return width;
  const double right = title_centre(f, title) + text_width(title, kTitleFont) / 2 + 8;
  return std::max(width, std::min(kMaxTitleWidth, static_cast<int>(std::ceil(right))));
}

std::string title_that_fits(const PlotFrame& f, const std::string& title, int width) {
  // The title's code points, so that "σ" is never cut in half.
  std::vector<std::string> chars;
  for (const char c : title) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 || chars.empty()) chars.emplace_back();
    chars.back() += c;
  }
  const auto join = [&](std::size_t head, std::size_t tail) {
    std::string t;
    for (std::size_t i = 0; i < head; ++i) t += chars[i];
    t += "…";
    for (std::size_t i = chars.size() - tail; i < chars.size(); ++i) t += chars[i];
    return t;
  };
  const auto fits = [&](const std::string& t) {
    return title_centre(f, t) + text_width(t, kTitleFont) / 2 + 8 <= width;
  };
  if (fits(title)) return title;
  for (std::size_t keep = chars.size(); keep-- > 2;) {
    const std::string t = join(keep / 2, keep - keep / 2);
    if (fits(t)) return t;
  }
  return join(1, 1);
}

std::string axes(const PlotFrame& f, const Ticks& x_ticks, const Ticks& y_ticks, const std::string& x_label,
                 const std::string& y_label, const std::string& title, bool grid) {
  std::string out;
  const double right = f.left + f.width, bottom = f.top + f.height;
  if (grid) {
    out += "<g class=\"grid\" stroke=\"#e3e3e3\" stroke-width=\"1\">\n";
    for (const double x : x_ticks.values) {
      out += "<line x1=\"" + num(f.px(x)) + "\" y1=\"" + num(f.top) + "\" x2=\"" + num(f.px(x)) + "\" y2=\"" +
             num(bottom) + "\"/>\n";
    }
    const auto y_line = [&](double y, const char* extra) {
      out += "<line x1=\"" + num(f.left) + "\" y1=\"" + num(f.py(y)) + "\" x2=\"" + num(right) + "\" y2=\"" +
             num(f.py(y)) + "\"" + extra + "/>\n";
    };
    if (f.log_y && y_ticks.step == 1 && y_ticks.values.size() <= 6) {  // minor lines at 2…9 × 10^k
      for (std::size_t i = 0; i + 1 < y_ticks.values.size(); ++i) {
        for (int m = 2; m <= 9; ++m) y_line(y_ticks.values[i] * m, " stroke=\"#f2f2f2\"");
      }
    }
    for (const double y : y_ticks.values) y_line(y, "");
    out += "</g>\n";
  }
  out += "<g class=\"axes\" stroke=\"#444444\" stroke-width=\"1\">\n";
  out += "<rect x=\"" + num(f.left) + "\" y=\"" + num(f.top) + "\" width=\"" + num(f.width) + "\" height=\"" +
         num(f.height) + "\" fill=\"none\"/>\n";
  for (const double x : x_ticks.values) {
    out += "<line x1=\"" + num(f.px(x)) + "\" y1=\"" + num(bottom) + "\" x2=\"" + num(f.px(x)) + "\" y2=\"" +
           num(bottom + 5) + "\"/>\n";
  }
  for (const double y : y_ticks.values) {
    out += "<line x1=\"" + num(f.left - 5) + "\" y1=\"" + num(f.py(y)) + "\" x2=\"" + num(f.left) + "\" y2=\"" +
           num(f.py(y)) + "\"/>\n";
  }
  out += "</g>\n<g class=\"tick-labels\" fill=\"#222222\" font-size=\"" + printf_text("%.0f", kTickFont) + "\">\n";
  for (const double x : x_ticks.values) {
    out += "<text x=\"" + num(f.px(x)) + "\" y=\"" + num(bottom + 19) + "\" text-anchor=\"middle\">" +
           xml_escape(tick_label(x, x_ticks)) + "</text>\n";
  }
  for (const double y : y_ticks.values) {
    out += "<text x=\"" + num(f.left - 8) + "\" y=\"" + num(f.py(y)) + "\" dy=\"0.35em\" text-anchor=\"end\">" +
           xml_escape(tick_label(y, y_ticks, f.log_y)) + "</text>\n";
  }
  out += "</g>\n";
  const std::string label_font = printf_text("%.0f", kLabelFont);
  out += "<text class=\"x-label\" x=\"" + num(f.left + f.width / 2) + "\" y=\"" + num(bottom + 42) +
         "\" text-anchor=\"middle\" font-size=\"" + label_font + "\">" + xml_escape(x_label) + "</text>\n";
  const double y_label_x = f.left - 8 - y_label_room(y_ticks, f.log_y) - 12;
  const double y_label_y = f.top + f.height / 2;
  out += "<text class=\"y-label\" x=\"" + num(y_label_x) + "\" y=\"" + num(y_label_y) +
         "\" text-anchor=\"middle\" font-size=\"" + label_font + "\" transform=\"rotate(-90 " + num(y_label_x) + " " +
         num(y_label_y) + ")\">" + xml_escape(y_label) + "</text>\n";
  if (!title.empty()) {
    out += "<text class=\"title\" x=\"" + num(title_centre(f, title)) + "\" y=\"" + num(f.top - 14) +
           "\" text-anchor=\"middle\" font-size=\"" + printf_text("%.0f", kTitleFont) +
           "\" font-weight=\"bold\">" + xml_escape(title) + "</text>\n";
  }
  return out;
}

}  // namespace svg_parts

using namespace svg_parts;

Svg line_plot_svg(const LinePlot& plot) {
  if (plot.series.empty()) throw InputError("line plot '" + plot.title + "': no series to draw");
  double x_lo = INFINITY, x_hi = -INFINITY, y_lo = INFINITY, y_hi = -INFINITY;
  for (const Series& s : plot.series) {
    if (s.x.empty() || s.x.size() != s.y.size()) {
      throw InputError("line plot: series '" + s.name + "' has " + std::to_string(s.x.size()) + " x values and " +
                       std::to_string(s.y.size()) + " y values (expected the same number, at least 1)");
    }
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i]) || (plot.log_y && !(s.y[i] > 0))) {
        throw InputError("line plot: series '" + s.name + "' point " + std::to_string(i) + " is (" + to_text(s.x[i]) +
                         ", " + to_text(s.y[i]) + "): expected finite numbers" +
                         (plot.log_y ? ", y > 0 on a log axis" : ""));
      }
      x_lo = std::min(x_lo, s.x[i]), x_hi = std::max(x_hi, s.x[i]);
      y_lo = std::min(y_lo, s.y[i]), y_hi = std::max(y_hi, s.y[i]);
    }
  }
  const Ticks xt = nice_ticks(x_lo, x_hi, 6);
  const Ticks yt = plot.log_y ? log_ticks(y_lo, y_hi, 6) : nice_ticks(y_lo, y_hi, 5);

  PlotFrame f;
  f.log_y = plot.log_y;
  f.x_min = xt.values.front(), f.x_max = xt.values.back();
  f.y_min = yt.values.front(), f.y_max = yt.values.back();
  f.top = plot.title.empty() ? 16 : 44;
  f.left = 16 + 18 + 12 + y_label_room(yt, plot.log_y);
  f.width = std::max(80.0, plot.width - f.left - 24 - text_width(tick_label(f.x_max, xt), kTickFont) / 2);
  f.height = std::max(60.0, plot.height - f.top - 56);

  const int width = width_with_title(plot.width, f, plot.title);
  std::string out = open_svg(width, plot.height, plot.title);
  out += axes(f, xt, yt, plot.x_label, plot.y_label, title_that_fits(f, plot.title, width), true);
  out += frame_rect(f);
  out += "<clipPath id=\"tinynn-plot-area\"><rect x=\"" + num(f.left) + "\" y=\"" + num(f.top) + "\" width=\"" +
         num(f.width) + "\" height=\"" + num(f.height) + "\"/></clipPath>\n";
  out += "<g clip-path=\"url(#tinynn-plot-area)\" fill=\"none\" stroke-width=\"2\" stroke-linejoin=\"round\">\n";
  std::vector<std::pair<double, double>> drawn;  // sampled pixels of every curve, for the legend
  for (std::size_t k = 0; k < plot.series.size(); ++k) {
    const Series& s = plot.series[k];
    const std::string colour = s.colour.empty() ? palette_colour(k) : s.colour;
    out += "<polyline class=\"series\" data-series=\"" + std::to_string(k) + "\" stroke=\"" + xml_escape(colour) +
           "\" points=\"";
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      const double px = f.px(s.x[i]), py = f.py(s.y[i]);
      out += (i ? " " : "") + num(px) + "," + num(py);
      drawn.emplace_back(px, py);
      if (i + 1 < s.x.size()) {
        const double qx = f.px(s.x[i + 1]), qy = f.py(s.y[i + 1]);
        for (int j = 1; j < 8; ++j) drawn.emplace_back(px + (qx - px) * j / 8, py + (qy - py) * j / 8);
      }
    }
    out += "\"><title>" + xml_escape(s.name) + "</title></polyline>\n";
  }
  out += "</g>\n";

  // The legend, in the corner of the plot area where it covers the fewest curve pixels.
  double text = 0;
  for (const Series& s : plot.series) text = std::max(text, text_width(s.name, kTickFont));
  const double row = 18, w = 8 + 24 + 8 + text + 10, h = 6 + row * static_cast<double>(plot.series.size()) + 4;
  const std::array<std::pair<double, double>, 4> corners = {{{f.left + f.width - 8 - w, f.top + 8},
                                                             {f.left + 8, f.top + 8},
                                                             {f.left + f.width - 8 - w, f.top + f.height - 8 - h},
                                                             {f.left + 8, f.top + f.height - 8 - h}}};
  std::size_t best = 0, best_hits = SIZE_MAX;
  for (std::size_t c = 0; c < corners.size(); ++c) {
    const auto [cx, cy] = corners[c];
    const auto hits = static_cast<std::size_t>(std::count_if(drawn.begin(), drawn.end(), [&](const auto& p) {
      return p.first >= cx - 10 && p.first <= cx + w + 10 && p.second >= cy - 10 && p.second <= cy + h + 10;
    }));
    if (hits < best_hits) best = c, best_hits = hits;
  }
  const auto [lx, ly] = corners[best];
  out += "<g class=\"legend\" font-size=\"" + printf_text("%.0f", kTickFont) + "\">\n<rect x=\"" + num(lx) +
         "\" y=\"" + num(ly) + "\" width=\"" + num(w) + "\" height=\"" + num(h) +
         "\" fill=\"#ffffff\" fill-opacity=\"0.9\" stroke=\"#bbbbbb\"/>\n";
  for (std::size_t k = 0; k < plot.series.size(); ++k) {
    const Series& s = plot.series[k];
    const double y = ly + 6 + row * (static_cast<double>(k) + 0.5);
    out += "<line x1=\"" + num(lx + 8) + "\" y1=\"" + num(y) + "\" x2=\"" + num(lx + 32) + "\" y2=\"" + num(y) +
           "\" stroke=\"" + xml_escape(s.colour.empty() ? palette_colour(k) : s.colour) + "\" stroke-width=\"2\"/>\n";
    out += "<text x=\"" + num(lx + 40) + "\" y=\"" + num(y) + "\" dy=\"0.35em\" fill=\"#222222\">" +
           xml_escape(s.name) + "</text>\n";
  }
  out += "</g>\n</svg>\n";
  return {out, f, plot.width, plot.height};
}

}  // namespace tinynn
