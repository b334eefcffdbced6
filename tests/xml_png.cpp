// A strict XML parser and a PNG decoder for the plot tests (see xml_png.hpp).
#include "xml_png.hpp"

#include <zlib.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace tinynn::test {

// ---------------------------------------------------------------- XML

const std::string& XmlElement::attr(const std::string& key) const {
  const auto it = attributes.find(key);
  if (it == attributes.end()) throw std::runtime_error("<" + name + "> has no attribute " + key);
  return it->second;
}

std::vector<const XmlElement*> XmlElement::find_all(const std::string& element, const std::string& cls) const {
  std::vector<const XmlElement*> found;
  for (const XmlElement& c : children) {
    const auto it = c.attributes.find("class");
    if (c.name == element && (cls.empty() || (it != c.attributes.end() && it->second == cls))) found.push_back(&c);
    for (const XmlElement* d : c.find_all(element, cls)) found.push_back(d);
  }
  return found;
}

namespace {

class XmlParser {
 public:
  explicit XmlParser(const std::string& text) : s_(text) {}

  XmlElement document() {
    check_characters();
    if (s_.compare(0, 5, "<?xml") == 0) {
      const std::size_t end = s_.find("?>");
      if (end == std::string::npos) fail("unterminated XML declaration");
      i_ = end + 2;
    }
    misc();
    if (s_.compare(i_, 9, "<!DOCTYPE") == 0) fail("a DOCTYPE (not expected in tinynn's SVG)");
    if (!at('<')) fail("expected the root element");
    XmlElement root = element();
    misc();
    if (i_ != s_.size()) fail("content after the root element");
    return root;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    std::size_t line = 1;
    for (std::size_t k = 0; k < i_ && k < s_.size(); ++k) line += s_[k] == '\n';
    throw std::runtime_error("not well-formed XML, line " + std::to_string(line) + " (byte " + std::to_string(i_) +
                             "): " + what);
  }
  bool at(char c) const { return i_ < s_.size() && s_[i_] == c; }
  void expect(char c) {
    if (!at(c)) fail(std::string("expected '") + c + "'");
    ++i_;
  }
  void spaces() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  // Whitespace and comments between elements.
  void misc() {
    for (;;) {
      spaces();
      if (s_.compare(i_, 4, "<!--") != 0) return;
      const std::size_t end = s_.find("-->", i_ + 4);
      if (end == std::string::npos) fail("unterminated comment");
      if (s_.find("--", i_ + 4) < end) fail("'--' inside a comment");
      i_ = end + 3;
    }
  }
  static bool name_start(unsigned char c) { return std::isalpha(c) || c == '_' || c == ':' || c >= 0x80; }
  static bool name_char(unsigned char c) { return name_start(c) || std::isdigit(c) || c == '-' || c == '.'; }
  std::string name() {
    const std::size_t start = i_;
    if (i_ >= s_.size() || !name_start(static_cast<unsigned char>(s_[i_]))) fail("expected a name");
    while (i_ < s_.size() && name_char(static_cast<unsigned char>(s_[i_]))) ++i_;
    return s_.substr(start, i_ - start);
  }
  // Text up to `stop` with entity and character references resolved.
  std::string characters(char stop) {
    std::string out;
    while (i_ < s_.size() && s_[i_] != stop) {
      const char c = s_[i_];
      if (c == '<') fail(stop == '<' ? "unexpected '<'" : "'<' inside an attribute value");
      if (c != '&') {
        out += c;
        ++i_;
        continue;
      }
      const std::size_t semi = s_.find(';', i_);
      if (semi == std::string::npos || semi - i_ > 10) fail("'&' that starts no entity (write &amp;)");
      const std::string ref = s_.substr(i_ + 1, semi - i_ - 1);
      static const std::map<std::string, std::string> named = {
          {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}};
      if (named.count(ref)) {
        out += named.at(ref);
      } else if (ref.size() > 1 && ref[0] == '#') {
        const bool hex = ref[1] == 'x';
        char* end = nullptr;
        const long cp = std::strtol(ref.c_str() + (hex ? 2 : 1), &end, hex ? 16 : 10);
        if (*end != '\0' || cp <= 0 || cp > 0x10FFFF) fail("bad character reference &" + ref + ";");
        out += "?";  // the tests never look at the character itself
      } else {
        fail("unknown entity &" + ref + "; (only amp, lt, gt, quot, apos are defined)");
      }
      i_ = semi + 1;
    }
    return out;
  }
  XmlElement element() {
    expect('<');
    XmlElement e;
    e.name = name();
    for (;;) {
      const std::size_t before = i_;
      spaces();
      if (at('/') || at('>')) break;
      if (i_ == before) fail("expected a space before the attribute");
      const std::string key = name();
      spaces();
      expect('=');
      spaces();
      if (!at('"') && !at('\'')) fail("attribute " + key + ": expected a quoted value");
      const char quote = s_[i_++];
      std::string value = characters(quote);
      expect(quote);
      if (!e.attributes.emplace(key, value).second) fail("attribute " + key + " given twice on <" + e.name + ">");
    }
    if (at('/')) {
      ++i_;
      expect('>');
      return e;
    }
    expect('>');
    for (;;) {
      e.text += characters('<');
      if (i_ >= s_.size()) fail("<" + e.name + "> is never closed");
      if (s_.compare(i_, 4, "<!--") == 0) {
        misc();
        continue;
      }
      if (s_.compare(i_, 9, "<![CDATA[") == 0) {
        const std::size_t end = s_.find("]]>", i_);
        if (end == std::string::npos) fail("unterminated CDATA section");
        e.text += s_.substr(i_ + 9, end - i_ - 9);
        i_ = end + 3;
        continue;
      }
      if (s_.compare(i_, 2, "</") == 0) {
        i_ += 2;
        const std::string closing = name();
        if (closing != e.name) fail("</" + closing + "> closes <" + e.name + ">");
        spaces();
        expect('>');
        return e;
      }
      e.children.push_back(element());
    }
  }
  // The whole text: valid UTF-8, and no character XML 1.0 forbids.
  void check_characters() {
    const auto* b = reinterpret_cast<const unsigned char*>(s_.data());
    for (std::size_t k = 0; k < s_.size();) {
      i_ = k;
      const unsigned char c = b[k];
      if (c < 0x80) {
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') fail("control character " + std::to_string(c));
        ++k;
        continue;
      }
      const std::size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
      if (len == 0 || k + len > s_.size()) fail("invalid UTF-8");
      unsigned long cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
      for (std::size_t j = 1; j < len; ++j) {
        if ((b[k + j] & 0xC0) != 0x80) fail("invalid UTF-8");
        cp = (cp << 6) | (b[k + j] & 0x3F);
      }
      const unsigned long min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
      if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF || cp > 0x10FFFF) {
        fail("invalid UTF-8 or a character XML forbids");
      }
      k += len;
    }
    i_ = 0;
  }

  const std::string& s_;
  std::size_t i_ = 0;
};

}  // namespace

XmlElement parse_xml(const std::string& text) { return XmlParser(text).document(); }

std::vector<std::pair<double, double>> polyline_points(const XmlElement& polyline) {
  std::vector<std::pair<double, double>> points;
  std::istringstream in(polyline.attr("points"));
  for (std::string pair; in >> pair;) {
    const std::size_t comma = pair.find(',');
    if (comma == std::string::npos) throw std::runtime_error("polyline point without a comma: " + pair);
    points.emplace_back(std::stod(pair.substr(0, comma)), std::stod(pair.substr(comma + 1)));
  }
  return points;
}

PlotFrame plot_frame(const XmlElement& svg) {
  const std::vector<const XmlElement*> areas = svg.find_all("rect", "plot-area");
  if (areas.size() != 1) throw std::runtime_error("expected one <rect class=\"plot-area\">, found " + std::to_string(areas.size()));
  const XmlElement& r = *areas[0];
  PlotFrame f;
  f.left = std::stod(r.attr("x")), f.top = std::stod(r.attr("y"));
  f.width = std::stod(r.attr("width")), f.height = std::stod(r.attr("height"));
  f.x_min = std::stod(r.attr("data-x-min")), f.x_max = std::stod(r.attr("data-x-max"));
  f.y_min = std::stod(r.attr("data-y-min")), f.y_max = std::stod(r.attr("data-y-max"));
  f.log_y = r.attr("data-log-y") == "1";
  return f;
}

double pixel_x(const PlotFrame& f, double x) { return f.left + f.width * (x - f.x_min) / (f.x_max - f.x_min); }

double pixel_y(const PlotFrame& f, double y) {
  const auto t = [&](double v) { return f.log_y ? std::log10(v) : v; };
  return f.top + f.height * (t(f.y_max) - t(y)) / (t(f.y_max) - t(f.y_min));  // row 0 is the top
}

// ---------------------------------------------------------------- PNG

Image::Pixel Image::at(int x, int y) const {
  if (x < 0 || y < 0 || x >= width || y >= height) {
    throw std::runtime_error("pixel (" + std::to_string(x) + ", " + std::to_string(y) + ") is outside the " +
                             std::to_string(width) + "x" + std::to_string(height) + " image");
  }
  const std::size_t k = 3 * (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x));
  return {rgb[k], rgb[k + 1], rgb[k + 2]};
}

namespace {

std::uint32_t be32(const std::string& b, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 24) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 8) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3]));
}

// The Paeth predictor of the PNG specification: of a (left), b (up), c (up-left), the one
// nearest to a + b − c.
int paeth(int a, int b, int c) {
  const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

}  // namespace

Image decode_png(const std::string& bytes) {
  if (bytes.size() < 8 || bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) throw std::runtime_error("not a PNG file");
  Image img;
  int colour_type = -1;
  std::string idat;
  for (std::size_t at = 8; at + 8 <= bytes.size();) {
    const std::uint32_t length = be32(bytes, at);
    const std::string type = bytes.substr(at + 4, 4);
    if (at + 12 + length > bytes.size()) throw std::runtime_error("PNG chunk " + type + " is cut short");
    const std::string data = bytes.substr(at + 8, length);
    if (type == "IHDR") {
      img.width = static_cast<int>(be32(data, 0));
      img.height = static_cast<int>(be32(data, 4));
      const int depth = static_cast<unsigned char>(data[8]);
      colour_type = static_cast<unsigned char>(data[9]);
      if (depth != 8) throw std::runtime_error("PNG bit depth " + std::to_string(depth) + " (only 8 is read)");
      if (data[12] != 0) throw std::runtime_error("interlaced PNG (not read)");
    } else if (type == "IDAT") {
      idat += data;
    } else if (type == "IEND") {
      break;
    }
    at += 12 + length;
  }
  const int channels = colour_type == 0 ? 1 : colour_type == 2 ? 3 : colour_type == 4 ? 2 : colour_type == 6 ? 4 : 0;
  if (channels == 0 || img.width <= 0 || img.height <= 0) {
    throw std::runtime_error("PNG colour type " + std::to_string(colour_type) + " or size not supported");
  }
  const std::size_t stride = static_cast<std::size_t>(img.width) * static_cast<std::size_t>(channels);
  std::vector<unsigned char> raw((stride + 1) * static_cast<std::size_t>(img.height));
  uLongf raw_size = static_cast<uLongf>(raw.size());
  if (uncompress(raw.data(), &raw_size, reinterpret_cast<const Bytef*>(idat.data()), static_cast<uLong>(idat.size())) !=
          Z_OK ||
      raw_size != raw.size()) {
    throw std::runtime_error("PNG image data does not inflate to " + std::to_string(raw.size()) + " bytes");
  }
  // Undo the filters, row by row: each byte was stored as the difference from a prediction
  // made from its left (a), upper (b) and upper-left (c) neighbours of the same channel.
  std::vector<unsigned char> pixels(stride * static_cast<std::size_t>(img.height));
  for (std::size_t y = 0; y < static_cast<std::size_t>(img.height); ++y) {
    const unsigned char filter = raw[y * (stride + 1)];
    const unsigned char* in = &raw[y * (stride + 1) + 1];
    unsigned char* row = &pixels[y * stride];
    const unsigned char* up = y > 0 ? &pixels[(y - 1) * stride] : nullptr;
    for (std::size_t x = 0; x < stride; ++x) {
      const int a = x >= static_cast<std::size_t>(channels) ? row[x - channels] : 0;
      const int b = up ? up[x] : 0;
      const int c = up && x >= static_cast<std::size_t>(channels) ? up[x - channels] : 0;
      int predicted = 0;
      switch (filter) {
        case 0: predicted = 0; break;
        case 1: predicted = a; break;
        case 2: predicted = b; break;
        case 3: predicted = (a + b) / 2; break;
        case 4: predicted = paeth(a, b, c); break;
        default: throw std::runtime_error("PNG filter type " + std::to_string(filter));
      }
      row[x] = static_cast<unsigned char>(in[x] + predicted);
    }
  }
  img.rgb.resize(3 * static_cast<std::size_t>(img.width) * static_cast<std::size_t>(img.height));
  for (std::size_t p = 0; p < static_cast<std::size_t>(img.width) * static_cast<std::size_t>(img.height); ++p) {
    const unsigned char* px = &pixels[p * static_cast<std::size_t>(channels)];
    const bool grey = channels <= 2;
    const int alpha = channels == 2 ? px[1] : channels == 4 ? px[3] : 255;
    for (int k = 0; k < 3; ++k) {
      const int v = grey ? px[0] : px[k];
      img.rgb[3 * p + static_cast<std::size_t>(k)] = static_cast<std::uint8_t>((v * alpha + 255 * (255 - alpha)) / 255);
    }
  }
  return img;
}

}  // namespace tinynn::test
