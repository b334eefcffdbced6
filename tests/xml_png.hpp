// Test-only readers for what the plots produce: a strict XML parser (an SVG must be
// well-formed XML, or a browser shows an error instead of the picture) and a PNG decoder (for
// the screenshots headless Chromium takes of the plots). Both throw std::runtime_error saying
// what is wrong and where.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tinynn/report/plot.hpp"

namespace tinynn::test {

/// One XML element: its name, attributes (entities resolved), text and child elements.
struct XmlElement {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::string text;  ///< all character data directly inside it, entities resolved
  std::vector<XmlElement> children;

  /// The attribute's value; throws if it is missing.
  const std::string& attr(const std::string& key) const;
  /// Every element below this one (depth first) named `name` whose class attribute is `cls`
  /// (any class when `cls` is empty).
  std::vector<const XmlElement*> find_all(const std::string& name, const std::string& cls = "") const;
};

/// Parse a whole document strictly: valid UTF-8 with no character XML 1.0 forbids, an
/// optional <?xml ...?> declaration, comments, exactly one root element, matching end tags,
/// quoted attribute values without '<', no attribute twice, only the five predefined entities
/// and character references. No DOCTYPE. Returns the root.
XmlElement parse_xml(const std::string& text);

/// The "x,y x,y ..." points of an SVG polyline.
std::vector<std::pair<double, double>> polyline_points(const XmlElement& polyline);

/// The plot area of a tinynn SVG (its <rect class="plot-area"> and the data-* range on it),
/// to map data to pixels as the plot did.
PlotFrame plot_frame(const XmlElement& svg);

/// The pixel of data x and data y in a frame, computed by the tests' own formula (y grows
/// upwards; log10(y) on a log axis), not by the library's PlotFrame::px/py.
double pixel_x(const PlotFrame& f, double x);
double pixel_y(const PlotFrame& f, double y);

/// An RGB picture, row-major, 3 bytes per pixel.
struct Image {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgb;
  struct Pixel {
    int r, g, b;
  };
  Pixel at(int x, int y) const;
};

/// Decode a PNG file's bytes: 8-bit greyscale, RGB, grey+alpha or RGBA, not interlaced
/// (what Chromium writes), every filter type; alpha is composed over white.
Image decode_png(const std::string& bytes);

}  // namespace tinynn::test
