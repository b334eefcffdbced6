// The pictures (lib/tinynn/report), the synthetic data sets (lib/tinynn/data/synthetic) and
// the sigmoid lesson (apps/lessons/sigmoid_lesson.cpp), tested as library code: exact
// numbers, well-formed XML, the right number of points where they belong.
#include <cmath>
#include <limits>
#include <set>
#include <sstream>

#include "cli_helpers.hpp"
#include "lessons/format.hpp"
#include "lessons/lessons.hpp"
#include "tinynn/data/synthetic.hpp"
#include "tinynn/report/plot.hpp"
#include "tinynn/report/svg_parts.hpp"
#include "xml_png.hpp"

using namespace tinynn;
using tinynn::test::parse_xml;
using tinynn::test::pixel_x;
using tinynn::test::pixel_y;
using tinynn::test::plot_frame;
using tinynn::test::polyline_points;
using tinynn::test::XmlElement;
using Catch::Matchers::Contains;

namespace {

std::vector<std::string> labels_of(const Ticks& t, bool log_axis = false) {
  std::vector<std::string> out;
  for (const double v : t.values) out.push_back(tick_label(v, t, log_axis));
  return out;
}

// The text of every <text> element, in document order.
std::vector<std::string> texts(const XmlElement& svg) {
  std::vector<std::string> out;
  for (const XmlElement* t : svg.find_all("text")) out.push_back(t->text);
  return out;
}

bool has_text(const XmlElement& svg, const std::string& s) {
  for (const std::string& t : texts(svg)) {
    if (t == s) return true;
  }
  return false;
}

// The fill of the field cell under pixel (x, y): the field is <path fill=... d="M x y h w v h h -w z...">.
std::string field_colour_at(const XmlElement& svg, double x, double y) {
  for (const XmlElement* path : svg.find_all("path")) {
    std::istringstream d(path->attr("d"));
    char m, h, v, h2;
    double x0, y0, w, ht, back;
    char z;
    while (d >> m >> x0 >> y0 >> h >> w >> v >> ht >> h2 >> back >> z) {
      if (x >= x0 && x < x0 + w && y >= y0 && y < y0 + ht) return path->attr("fill");
    }
  }
  return "";
}

int red_minus_blue(const std::string& hex) {
  const int r = std::stoi(hex.substr(1, 2), nullptr, 16), b = std::stoi(hex.substr(5, 2), nullptr, 16);
  return r - b;
}

}  // namespace

TEST_CASE("xml_escape: the five special characters, forbidden controls, invalid UTF-8", "[report]") {
  CHECK(xml_escape("a<b & \"c\" 'd' >") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos; &gt;");
  CHECK(xml_escape("tab\there\nline") == "tab\there\nline");
  CHECK(xml_escape(std::string("nul\0bell\x07", 9)) == "nulbell");
  CHECK(xml_escape("σ′(x) = σ(x)·σ(−x)") == "σ′(x) = σ(x)·σ(−x)");  // valid UTF-8 stays
  CHECK(xml_escape("\xff") == "\xEF\xBF\xBD");                     // a stray byte
  CHECK(xml_escape("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");     // an overlong '/'
  CHECK(xml_escape("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  CHECK(xml_escape("cut \xE2\x88") == "cut \xEF\xBF\xBD\xEF\xBF\xBD");  // a character cut short
  // Whatever goes in, the result is text a strict XML parser accepts and reads back.
  const std::string nasty = "<&>\"'\x01\xff]]> σ";
  const XmlElement e = parse_xml("<t a=\"" + xml_escape(nasty) + "\">" + xml_escape(nasty) + "</t>");
  CHECK(e.text == "<&>\"'\xEF\xBF\xBD]]> σ");
  CHECK(e.attr("a") == e.text);
}

TEST_CASE("the XML checker of the tests refuses what a browser refuses", "[report]") {
  CHECK_NOTHROW(parse_xml("<?xml version=\"1.0\"?>\n<!-- c --><svg a='1'><g/><t>x &amp; y</t></svg>\n"));
  for (const char* bad : {"<svg><g></svg>", "<svg>a & b</svg>", "<svg a=\"1\" a=\"2\"/>", "<svg a=1/>",
                          "<svg></svg><svg/>", "<svg>&nbsp;</svg>", "<svg a=\"<\"/>", "<svg>\x01</svg>",
                          "<svg>\xff</svg>", "<svg>", "text<svg/>"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_xml(bad), std::runtime_error);
  }
}

TEST_CASE("nice ticks: 1, 2 or 5 times a power of ten, covering the data", "[report]") {
  const Ticks x = nice_ticks(-20, 20, 6);
  CHECK(x.step == 10);
  CHECK(labels_of(x) == std::vector<std::string>{"-20", "-10", "0", "10", "20"});
  const Ticks y = nice_ticks(2.06e-9, 0.9999999979, 5);  // σ over [−20, 20]
  CHECK(y.step == Approx(0.2));
  CHECK(labels_of(y) == std::vector<std::string>{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"});
  CHECK(labels_of(nice_ticks(-0.3, 0.3, 6)) == std::vector<std::string>{"-0.3", "-0.2", "-0.1", "0.0", "0.1", "0.2", "0.3"});
  CHECK(labels_of(nice_ticks(1, 2000, 5)) == std::vector<std::string>{"0", "500", "1000", "1500", "2000"});
  CHECK(labels_of(nice_ticks(0.0123, 0.0456, 5)) == std::vector<std::string>{"0.01", "0.02", "0.03", "0.04", "0.05"});
  CHECK(labels_of(nice_ticks(0.0123, 0.0456, 8)) ==
        std::vector<std::string>{"0.010", "0.015", "0.020", "0.025", "0.030", "0.035", "0.040", "0.045", "0.050"});
  // One value: widened around it, still covering it.
  const Ticks one = nice_ticks(5, 5, 5);
  CHECK(one.values.front() < 5);
  CHECK(one.values.back() > 5);
  CHECK(labels_of(nice_ticks(0, 0, 4)) == std::vector<std::string>{"-1.0", "-0.5", "0.0", "0.5", "1.0"});
  CHECK_THROWS_AS(nice_ticks(0, INFINITY), InputError);
  CHECK_THROWS_AS(nice_ticks(-1e308, 1e308), InputError);  // hi − lo overflows
}

TEST_CASE("log ticks: powers of ten, every m-th one over many decades", "[report]") {
  const Ticks t = log_ticks(0.000815, 0.2615, 6);  // xor's loss curve
  CHECK(t.step == 1);
  CHECK(labels_of(t, true) == std::vector<std::string>{"0.0001", "0.001", "0.01", "0.1", "1"});
  const Ticks wide = log_ticks(3e-13, 2e2, 6);  // 15 decades: every 3rd
  CHECK(wide.step == 3);
  CHECK(labels_of(wide, true) == std::vector<std::string>{"1e-15", "1e-12", "1e-9", "1e-6", "0.001", "1", "1000"});
  CHECK(labels_of(log_ticks(2, 3, 6), true) == std::vector<std::string>{"1", "10"});  // at least one decade
  CHECK_THROWS_AS(log_ticks(0, 1), InputError);
}

TEST_CASE("a line plot: one polyline per series holding exactly its points, where the frame says", "[report]") {
  LinePlot plot;
  plot.title = "Title <with> & \"quotes\"";
  plot.x_label = "epoch";
  plot.y_label = "loss";
  Series a{"train <a>", {1, 2, 3, 4}, {0.5, 0.25, 0.125, 0.0625}, ""};
  Series b{"test & b", {1, 2, 3, 4}, {0.6, 0.4, 0.3, 0.25}, "#00ff00"};
  plot.series = {a, b};
  const Svg svg = line_plot_svg(plot);
  const XmlElement root = parse_xml(svg.text);
  CHECK(root.name == "svg");
  CHECK(root.attr("width") == "720");
  CHECK(root.attr("xmlns") == "http://www.w3.org/2000/svg");
  CHECK(root.children.at(0).name == "title");
  CHECK(root.children.at(0).text == plot.title);
  const auto lines = root.find_all("polyline", "series");
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]->attr("stroke") == palette_colour(0));  // no colour given: the palette's first
  CHECK(lines[1]->attr("stroke") == "#00ff00");
  CHECK(lines[0]->children.at(0).text == "train <a>");
  // Each point where the frame maps it, and the frame read back from the file is the same.
  const PlotFrame f = plot_frame(root);
  CHECK(f.x_min == svg.frame.x_min);
  CHECK(f.y_max == svg.frame.y_max);
  CHECK(f.left == Approx(svg.frame.left).margin(0.005));
  const auto pa = polyline_points(*lines[0]);
  REQUIRE(pa.size() == 4);
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(pa[i].first == Approx(pixel_x(f, a.x[i])).margin(0.006));
    CHECK(pa[i].second == Approx(pixel_y(f, a.y[i])).margin(0.006));
  }
  CHECK(polyline_points(*lines[1]).size() == 4);
  CHECK(svg.frame.px(2.5) == Approx(pixel_x(f, 2.5)).margin(0.006));  // the library maps as the tests do
  CHECK(svg.frame.py(0.3) == Approx(pixel_y(f, 0.3)).margin(0.006));
  // Linear y from 0 to 0.6; x from 1 to 4 on round ticks; y grows upwards.
  CHECK(f.y_min == 0);
  CHECK(f.y_max == Approx(0.6));
  CHECK(pixel_y(f, 0.6) < pixel_y(f, 0));
  CHECK(f.left > 0);
  CHECK(f.left + f.width < 720);
  CHECK(has_text(root, "epoch"));
  CHECK(has_text(root, "loss"));
  CHECK(has_text(root, plot.title));
  CHECK(has_text(root, "test & b"));  // the legend
  CHECK(has_text(root, "0.6"));       // a tick label
  CHECK(root.find_all("g", "legend").size() == 1);
}

TEST_CASE("a line plot on a log y axis", "[report]") {
  LinePlot plot;
  plot.log_y = true;
  Series s{"loss", {}, {}, ""};
  for (int i = 1; i <= 100; ++i) s.x.push_back(i), s.y.push_back(std::pow(10.0, -i / 25.0));
  plot.series = {s};
  const Svg svg = line_plot_svg(plot);
  const XmlElement root = parse_xml(svg.text);
  const PlotFrame f = plot_frame(root);
  CHECK(f.log_y);
  CHECK(f.y_min == Approx(1e-4));
  CHECK(f.y_max == Approx(1));
  // Equal ratios are equal distances: 1e-1 lies a quarter of the way down from 1 to 1e-4.
  CHECK(pixel_y(f, 0.1) - f.top == Approx(f.height / 4));
  CHECK(polyline_points(*root.find_all("polyline", "series").at(0)).size() == 100);
  CHECK(has_text(root, "0.001"));
  plot.series[0].y[7] = 0;
  CHECK_THROWS_WITH(line_plot_svg(plot), Contains("point 7") && Contains("y > 0 on a log axis"));
}

TEST_CASE("a line plot refuses what it cannot draw", "[report]") {
  LinePlot plot;
  CHECK_THROWS_WITH(line_plot_svg(plot), Contains("no series"));
  plot.series = {Series{"s", {1, 2}, {1}, ""}};
  CHECK_THROWS_WITH(line_plot_svg(plot), Contains("2 x values and 1 y values"));
  plot.series = {Series{"s", {1, 2}, {1, NAN}, ""}};
  CHECK_THROWS_WITH(line_plot_svg(plot), Contains("series 's' point 1 is (2, nan)"));
  plot.series = {Series{"one point", {3}, {7}, ""}};  // a single point is drawable
  CHECK(polyline_points(*parse_xml(line_plot_svg(plot).text).find_all("polyline", "series").at(0)).size() == 1);
}

TEST_CASE("a decision boundary: the field is coloured by the probability, the points by class", "[report]") {
  BoundaryPlot plot;
  plot.title = "p = σ(10·x1)";
  plot.points = from_rows({{-1, -1}, {-0.5, 1}, {0.5, 0.2}, {1, 1}});
  plot.labels = {0, 0, 1, 1};
  plot.test_points = from_rows({{-0.8, 0}, {0.8, 0}});
  plot.test_labels = {0, 1};
  std::size_t asked = 0;
  const Svg svg = decision_boundary_svg(plot, [&](const Tensor& xy) {
    asked = xy.shape(0);
    Tensor p = zeros(xy.shape(0), 1);
    for (std::size_t i = 0; i < xy.shape(0); ++i) p(i, 0) = sigmoid(10 * xy(i, 0));
    return p;
  });
  const XmlElement root = parse_xml(svg.text);
  const PlotFrame f = plot_frame(root);
  // The grid spans the data padded by 8%, with one scale for x and y (2.16 × 2.16 here).
  CHECK(f.x_min == Approx(-1.16));
  CHECK(f.x_max == Approx(1.16));
  CHECK(f.y_min == Approx(-1.16));
  CHECK(f.width == f.height);
  const auto& field = *root.find_all("g", "field").at(0);
  std::istringstream cells(field.attr("data-cells"));
  std::size_t gx = 0, gy = 0;
  cells >> gx >> gy;
  CHECK(gx * gy == asked);
  CHECK(gx == 110);  // 440 px / 4 px per cell
  // Left of x1 = 0 the model says class 0 (blue field), right of it class 1 (orange), white at 0.
  for (const double x : {-1.0, -0.5, -0.2}) {
    INFO("x = " << x);
    CHECK(red_minus_blue(field_colour_at(root, pixel_x(f, x), pixel_y(f, 0.3))) < -60);
  }
  for (const double x : {0.2, 0.5, 1.0}) {
    INFO("x = " << x);
    CHECK(red_minus_blue(field_colour_at(root, pixel_x(f, x), pixel_y(f, -0.3))) > 60);
  }
  // At x1 = 0 (p = 0.5), the cell there is white or nearly: its centre is within half a cell.
  const std::string middle = field_colour_at(root, pixel_x(f, 0.001), pixel_y(f, 0.5));
  INFO(middle);
  for (const std::size_t k : {std::size_t{1}, std::size_t{3}, std::size_t{5}}) CHECK(std::stoi(middle.substr(k, 2), nullptr, 16) >= 0xe8);
  // Every point, in its class colour, where it belongs.
  const auto points = root.find_all("g", "points").at(0)->find_all("circle");
  REQUIRE(points.size() == 4);
  CHECK(points[2]->attr("fill") == palette_colour(1));
  CHECK(std::stod(points[2]->attr("cx")) == Approx(pixel_x(f, 0.5)).margin(0.006));
  CHECK(std::stod(points[2]->attr("cy")) == Approx(pixel_y(f, 0.2)).margin(0.006));
  const auto rings = root.find_all("g", "test-points").at(0)->find_all("circle");
  REQUIRE(rings.size() == 2);
  CHECK(rings[1]->attr("stroke") == palette_colour(1));
  CHECK(has_text(root, "class 1"));
  CHECK(has_text(root, "field: p(class 1)"));
  CHECK(has_text(root, "test data"));
}

TEST_CASE("a title longer than a narrow plot stays inside the picture", "[report]") {
  // Data ten thousand times taller than wide: the plot is 160 px wide, the title much wider.
  // Centred over the plot, it would start left of the picture and be cut off.
  BoundaryPlot plot;
  plot.title = "Decision boundary after training: a_rather_long_run_file_name.json";
  plot.points = from_rows({{0, 0}, {0.9, 1000}, {0.5, 500}});
  plot.labels = {0, 1, 1};
  const Svg svg = decision_boundary_svg(plot, [](const Tensor& xy) { return filled(xy.shape(0), 1, 0.5); });
  const XmlElement root = parse_xml(svg.text);
  const auto titles = root.find_all("text", "title");
  REQUIRE(titles.size() == 1);
  const double centre = std::stod(titles[0]->attr("x"));
  const double half = svg_parts::text_width(plot.title, svg_parts::kTitleFont) / 2;
  INFO("title centre " << centre << ", half width " << half << ", picture width " << svg.width);
  CHECK(centre - half >= 8);
  CHECK(centre + half <= svg.width - 8);
  CHECK(std::stod(root.attr("width")) == svg.width);
  CHECK(titles[0]->text == plot.title);  // widened to hold it, not shortened

  // A title too long for any reasonable picture is shortened in the middle, keeping its end.
  plot.title = "Decision boundary: " + std::string(200, 'x') + "_σ_the_end.model.json";
  const Svg long_svg = decision_boundary_svg(plot, [](const Tensor& xy) { return filled(xy.shape(0), 1, 0.5); });
  const XmlElement long_root = parse_xml(long_svg.text);
  const std::string shown = long_root.find_all("text", "title").at(0)->text;
  INFO(shown);
  CHECK(long_svg.width == svg_parts::kMaxTitleWidth);
  CHECK_THAT(shown, Catch::Matchers::StartsWith("Decision boundary: xxx") &&
                        Catch::Matchers::Contains("…") && Catch::Matchers::EndsWith("_σ_the_end.model.json"));
  CHECK(svg_parts::text_width(shown, svg_parts::kTitleFont) + 16 <= long_svg.width);
  CHECK(long_root.find_all("title").at(0)->text == plot.title);  // the document's own title is whole
}

TEST_CASE("a decision boundary of several classes paints the most likely one", "[report]") {
  // Three classes by the sign of x1 and x2: x1 < 0 → 0; x1 > 0, x2 > 0 → 1; else 2.
  BoundaryPlot plot;
  plot.points = from_rows({{-1, 0}, {1, 1}, {1, -1}});
  plot.labels = {0, 1, 2};
  plot.classes = 3;
  plot.class_names = {"left", "upper right", "lower right"};
  const Svg svg = decision_boundary_svg(plot, [](const Tensor& xy) {
    Tensor p = filled(xy.shape(0), 3, 0.025);
    for (std::size_t i = 0; i < xy.shape(0); ++i) p(i, xy(i, 0) < 0 ? 0 : xy(i, 1) > 0 ? 1 : 2) = 0.95;
    return p;
  });
  const XmlElement root = parse_xml(svg.text);
  const PlotFrame f = plot_frame(root);
  // p = 0.95 of 3 classes: t = (0.95 − 1/3)/(2/3) = 0.925, quantised to 0.9: 63% of the colour.
  const auto shade = [](const std::string& c) {
    const auto mix = [&](int k) {
      const int v = std::stoi(c.substr(1 + 2 * static_cast<std::size_t>(k), 2), nullptr, 16);
      return std::lround(255 + (v - 255) * 0.7 * 0.9);
    };
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02lx%02lx%02lx", mix(0), mix(1), mix(2));
    return std::string(buf);
  };
  CHECK(field_colour_at(root, pixel_x(f, -0.5), pixel_y(f, 0.5)) == shade(palette_colour(0)));
  CHECK(field_colour_at(root, pixel_x(f, 0.5), pixel_y(f, 0.5)) == shade(palette_colour(1)));
  CHECK(field_colour_at(root, pixel_x(f, 0.5), pixel_y(f, -0.5)) == shade(palette_colour(2)));
  CHECK(has_text(root, "upper right"));
  CHECK(has_text(root, "field: most likely class,"));
}

TEST_CASE("a decision boundary refuses bad points and bad probabilities", "[report]") {
  BoundaryPlot plot;
  const ProbabilityMap half = [](const Tensor& xy) { return filled(xy.shape(0), 1, 0.5); };
  CHECK_THROWS_WITH(decision_boundary_svg(plot, half), Contains("no data points"));
  plot.points = from_rows({{0, 0}, {1, 1}});
  plot.labels = {0, 2};
  CHECK_THROWS_WITH(decision_boundary_svg(plot, half), Contains("points 1 has class 2, but the model has 2 classes"));
  plot.labels = {0, 1, 1};
  CHECK_THROWS_WITH(decision_boundary_svg(plot, half), Contains("2x2 with 3 labels"));
  plot.labels = {0, 1};
  CHECK_THROWS_WITH(decision_boundary_svg(plot, [](const Tensor& xy) { return filled(xy.shape(0), 3, 0.3); }),
                    Contains("expected one column, or one per class"));
  CHECK_THROWS_WITH(decision_boundary_svg(plot, [](const Tensor& xy) { return filled(xy.shape(0), 1, 1.5); }),
                    Contains("the probability 1.5, outside [0, 1]"));
  CHECK_NOTHROW(parse_xml(decision_boundary_svg(plot, half).text));
  // All points at one place: the axes are widened around it.
  plot.points = from_rows({{2, 3}, {2, 3}});
  const PlotFrame f = decision_boundary_svg(plot, half).frame;
  CHECK(f.x_min == Approx(1.5));
  CHECK(f.y_max == Approx(3.5));
}

TEST_CASE("make_synthetic: the same seed gives the same file, byte for byte", "[report][data]") {
  for (const std::string kind : {"moons", "circles", "spirals", "xor"}) {
    INFO(kind);
    Rng a(1), b(1), c(2);
    const std::string first = synthetic_csv(make_synthetic(kind, 200, 0.1, kind == "spirals" ? 3 : 2, a));
    CHECK(first == synthetic_csv(make_synthetic(kind, 200, 0.1, kind == "spirals" ? 3 : 2, b)));
    CHECK(first != synthetic_csv(make_synthetic(kind, 200, 0.1, kind == "spirals" ? 3 : 2, c)));
    std::vector<std::string> rows;
    std::istringstream in(first);
    for (std::string line; std::getline(in, line);) rows.push_back(line);
    REQUIRE(rows.size() == 201);
    CHECK(rows[0] == "x1,x2,label");
  }
}

TEST_CASE("make_synthetic: shapes, balanced classes, radii", "[report][data]") {
  Rng rng(7);
  const auto count = [](const Dataset& d, double label) {
    return std::count(d.y.begin(), d.y.end(), label);
  };
  SECTION("moons: two half circles of radius 1, ⌊n/2⌋ and ⌈n/2⌉ points") {
    const Dataset d = make_synthetic("moons", 201, 0, 2, rng);
    CHECK(d.x.shape(0) == 201);
    CHECK(d.x.shape(1) == 2);
    CHECK(count(d, 0) == 100);
    CHECK(count(d, 1) == 101);
    CHECK(d.feature_names == std::vector<std::string>{"x1", "x2"});
    CHECK(d.target_name == "label");
    for (std::size_t i = 0; i < d.size(); ++i) {
      const double x = d.x(i, 0), y = d.x(i, 1);
      if (d.y(i, 0) == 0) {
        CHECK(std::hypot(x, y) == Approx(1).epsilon(1e-12));
        CHECK(y >= -1e-12);
      } else {
        CHECK(std::hypot(x - 1, y - 0.5) == Approx(1).epsilon(1e-12));
        CHECK(y <= 0.5 + 1e-12);
      }
    }
    // The rows are shuffled, not sorted by class.
    CHECK(count(select_rows(d, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), 0) > 0);
    CHECK(count(select_rows(d, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), 1) > 0);
  }
  SECTION("circles: radius 1 (class 0) and 0.5 (class 1)") {
    const Dataset d = make_synthetic("circles", 200, 0, 2, rng);
    CHECK(count(d, 0) == 100);
    CHECK(count(d, 1) == 100);
    for (std::size_t i = 0; i < d.size(); ++i) {
      CHECK(std::hypot(d.x(i, 0), d.x(i, 1)) == Approx(d.y(i, 0) == 0 ? 1.0 : 0.5).epsilon(1e-12));
    }
    // With noise 0.1 the radii scatter around those, about 0.1 (the noise) apart.
    const Dataset noisy = make_synthetic("circles", 2000, 0.1, 2, rng);
    double sum = 0, sq = 0;
    std::size_t n = 0;
    for (std::size_t i = 0; i < noisy.size(); ++i) {
      if (noisy.y(i, 0) != 0) continue;
      const double r = std::hypot(noisy.x(i, 0), noisy.x(i, 1));
      sum += r, sq += r * r, ++n;
    }
    CHECK(sum / static_cast<double>(n) == Approx(1).epsilon(0.02));
    CHECK(std::sqrt(sq / static_cast<double>(n) - (sum / static_cast<double>(n)) * (sum / static_cast<double>(n))) ==
          Approx(0.1).epsilon(0.1));
  }
  SECTION("spirals: K arms of n/K points within the unit disc") {
    const Dataset d = make_synthetic("spirals", 301, 0, 3, rng);
    CHECK(count(d, 0) == 101);
    CHECK(count(d, 1) == 100);
    CHECK(count(d, 2) == 100);
    double r_max = 0;
    for (std::size_t i = 0; i < d.size(); ++i) r_max = std::max(r_max, std::hypot(d.x(i, 0), d.x(i, 1)));
    CHECK(r_max == Approx(1));
    // The outer end of arm k sits at angle 2πk/3 + 1.6π.
    for (std::size_t i = 0; i < d.size(); ++i) {
      if (std::hypot(d.x(i, 0), d.x(i, 1)) < 1 - 1e-12) continue;
      const double angle = 2 * M_PI * d.y(i, 0) / 3 + 1.6 * M_PI;
      CHECK(d.x(i, 0) == Approx(std::cos(angle)).margin(1e-12));
      CHECK(d.x(i, 1) == Approx(std::sin(angle)).margin(1e-12));
    }
  }
  SECTION("xor: class 1 exactly where x1·x2 < 0, half of the points") {
    const Dataset d = make_synthetic("xor", 200, 0, 2, rng);
    CHECK(count(d, 1) == 100);
    for (std::size_t i = 0; i < d.size(); ++i) {
      CHECK(d.y(i, 0) == (d.x(i, 0) * d.x(i, 1) < 0 ? 1 : 0));
      CHECK(std::abs(d.x(i, 0)) <= 1);
      CHECK(std::abs(d.x(i, 1)) <= 1);
    }
  }
}

TEST_CASE("make_synthetic refuses bad arguments", "[report][data]") {
  Rng rng(0);
  CHECK_THROWS_WITH(make_synthetic("moon", 10, 0.1, 2, rng),
                    Contains("unknown kind of data 'moon'; supported: moons, circles, spirals, xor"));
  CHECK_THROWS_WITH(make_synthetic("moons", 0, 0.1, 2, rng), Contains("at least 1 point"));
  CHECK_THROWS_WITH(make_synthetic("moons", 10, -0.1, 2, rng), Contains("noise must be a finite number >= 0"));
  CHECK_THROWS_WITH(make_synthetic("moons", 10, NAN, 2, rng), Contains("got nan"));
  CHECK_THROWS_WITH(make_synthetic("circles", 10, 0.1, 3, rng), Contains("only spirals takes a number of classes"));
  CHECK_THROWS_WITH(make_synthetic("spirals", 10, 0.1, 11, rng), Contains("expected 2 to 10 classes, got 11"));
  CHECK_THROWS_WITH(make_synthetic("spirals", 2, 0.1, 3, rng), Contains("2 points cannot hold 3 classes"));
  CHECK_THROWS_WITH(make_synthetic("spirals", 1, 0.1, 2, rng), Contains("1 point cannot hold 2 classes"));
  CHECK(make_synthetic("moons", 1, 0.1, 2, rng).size() == 1);  // one point is a data set
}

TEST_CASE("synthetic_csv writes 6 decimals and never -0", "[report][data]") {
  Dataset d;
  d.x = from_rows({{-0.0000001, 1.23456789}, {-1.5, 2}});
  d.y = from_rows({{1}, {0}});
  CHECK(synthetic_csv(d) == "x1,x2,label\n0.000000,1.234568,1\n-1.500000,2.000000,0\n");
}

TEST_CASE("the sigmoid lesson prints the tutorial's numbers, computed by tinynn", "[report][sigmoid]") {
  std::ostringstream out;
  apps::SigmoidOptions options;
  options.at = {0, 1, 40, -2.5};
  const std::string svg = apps::sigmoid_lesson(options, out);
  const std::string text = out.str();
  INFO(text);
  // σ(−100) correctly rounded, beside the tutorial's 1/(1 + e^100), one unit in the last place apart.
  CHECK(apps::format("%.17g", sigmoid(-100.0)) == "3.7200759760208361e-44");
  CHECK(apps::format("%.17g", 1.0 / (1.0 + std::exp(100.0))) == "3.7200759760208356e-44");
  CHECK(std::nextafter(1.0 / (1.0 + std::exp(100.0)), 1.0) == sigmoid(-100.0));
  CHECK_THAT(text, Contains("σ(−100)       = 3.7200759760208361e-44   tinynn::sigmoid(-100), correctly rounded"));
  CHECK_THAT(text, Contains("1/(1 + e^100) = 3.7200759760208356e-44   the tutorial's formula, one unit in the last place lower"));
  CHECK_THAT(text, Contains("The true σ(−100) is 3.720075976020835963e-44"));
  CHECK_THAT(text, Contains("e^100 = 2.6881171418161356e+43 is rounded\n   up by 6.0e-17 (relative)"));
  CHECK_THAT(text, Contains("1/(that) = 3.720075976020835740e-44\n   is already below the midpoint 3.720075976020835871e-44"));
  CHECK_THAT(text, Contains("and the division rounds it to 3.7200759760208356e-44, not 3.7200759760208361e-44."));
  // Vectorised, printed as numpy prints.
  CHECK_THAT(text, Contains("e^x    = [2.71828183, 7.3890561, 20.08553692]"));
  CHECK_THAT(text, Contains("x + 3  = [4, 5, 6]"));
  CHECK_THAT(text, Contains("σ(x)   = [0.73105858, 0.88079708, 0.95257413]"));
  CHECK_THAT(text, Contains("σ(X)   = [[0.26894142, 0.5, 0.73105858], [0, 0.62245933, 1]]"));
  // The derivative at the chosen points, in the shortest exact form.
  CHECK_THAT(text, Contains("   0            0.5                     0.25\n"));
  CHECK_THAT(text, Contains("   1            0.7310585786300049      0.19661193324148185\n"));
  CHECK_THAT(text, Contains("   40           1                       4.248354255291589e-18\n"));
  // What tinynn computes, digit for digit; the exact values (Python's decimal, 50 digits) are
  // 0.07585818002124355 and 0.07010371654510816: tinynn is a unit or two in the last place off
  // here (e^x, 1 + e^x and the division each round), and the table shows its own numbers.
  CHECK_THAT(text, Contains("   -2.5         0.07585818002124356     0.07010371654510818\n"));
  CHECK(std::abs(sigmoid(-2.5) - 0.07585818002124355) <= 2 * std::numeric_limits<double>::epsilon() * 0.0759);
  CHECK(std::abs(sigmoid_derivative(-2.5) - 0.07010371654510816) <= 4 * std::numeric_limits<double>::epsilon() * 0.0702);
  // The textbook formulas failing, in numbers.
  CHECK_THAT(text, Contains("Python's math.exp(1000) raises OverflowError: math range error"));
  CHECK_THAT(text, Contains("C++'s std::exp(1000) returns inf and sets errno to ERANGE (no exception),\n"
                            "      so 1/(1 + inf) = 0: right, but only because"));
  CHECK_THAT(text, Contains("s = σ(40) rounds to exactly 1 (1 − 4.2e-18 is nearer to 1\n      than the double below 1, 1 − 1.1e-16)"));
  CHECK_THAT(text, Contains("so σ(−1000) = 0 (the true 5.1e-435 is below the smallest double, 4.9e-324)"));
  CHECK_THAT(text, Contains("e^−1000 = 0 (an underflow,"));
  CHECK_THAT(text, Contains("e^x/(1 + e^x) at x = 1000 gives inf/inf = NaN"));
  CHECK_THAT(text, Contains("so σ(1000) = 1"));
  CHECK_THAT(text, Contains("so s(1 − s) = 0.\n      The truth is σ′(40) = 4.248354255291589e-18."));
  CHECK(sigmoid_derivative(40.0) == 4.248354255291589e-18);
  // The code it shows is the library's, line for line.
  const std::string source = tinynn::test::read_text(tinynn::test::source_path("lib/tinynn/ops/sigmoid.cpp"));
  for (const char* line : apps::kSigmoidSource) {
    INFO(line);
    CHECK_THAT(source, Contains(std::string(line) + "\n"));
    CHECK_THAT(text, Contains("      " + std::string(line) + "\n"));
  }
  // The picture: σ and σ′, 200 points each, axes "data" and "Sigmoid(data)".
  CHECK(svg == apps::sigmoid_svg());
  const XmlElement root = parse_xml(svg);
  const auto lines = root.find_all("polyline", "series");
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]->children.at(0).text == "σ(x)");
  CHECK(lines[1]->children.at(0).text == "σ′(x) = σ(x)·σ(−x)");
  const auto sigma = polyline_points(*lines[0]), derivative = polyline_points(*lines[1]);
  REQUIRE(sigma.size() == 200);
  REQUIRE(derivative.size() == 200);
  const PlotFrame f = plot_frame(root);
  CHECK(f.x_min == -20);
  CHECK(f.x_max == 20);
  CHECK(f.y_min == 0);
  CHECK(f.y_max == 1);
  for (const std::size_t i : {std::size_t{0}, std::size_t{99}, std::size_t{100}, std::size_t{199}}) {
    const double x = -20 + 40.0 * static_cast<double>(i) / 199;  // evenly spaced, both ends included
    CHECK(sigma[i].first == Approx(pixel_x(f, x)).margin(0.006));
    CHECK(sigma[i].second == Approx(pixel_y(f, sigmoid(x))).margin(0.006));
    CHECK(derivative[i].second == Approx(pixel_y(f, sigmoid_derivative(x))).margin(0.006));
  }
  // The tick labels stand at their values: "1.0" at the top, "-20" at the left end.
  for (const XmlElement* t : root.find_all("g", "tick-labels").at(0)->find_all("text")) {
    if (t->text == "1.0") CHECK(std::stod(t->attr("y")) == Approx(pixel_y(f, 1.0)).margin(0.006));
    if (t->text == "0.4") CHECK(std::stod(t->attr("y")) == Approx(pixel_y(f, 0.4)).margin(0.006));
    if (t->text == "-20") CHECK(std::stod(t->attr("x")) == Approx(pixel_x(f, -20)).margin(0.006));
  }
  CHECK(has_text(root, "1.0"));
  CHECK(has_text(root, "-20"));
  CHECK(root.find_all("text", "x-label").at(0)->text == "data");
  CHECK(root.find_all("text", "y-label").at(0)->text == "Sigmoid(data)");
}

TEST_CASE("numbers as numpy prints them", "[report][sigmoid]") {
  CHECK(apps::numpy_number(std::exp(2.0)) == "7.3890561");
  CHECK(apps::numpy_number(4.0) == "4");
  CHECK(apps::numpy_number(-0.0) == "0");
  CHECK(apps::numpy_number(-1e-12) == "0");
  CHECK(apps::numpy_number(0.5) == "0.5");
  CHECK(apps::numpy_number(-1000) == "-1000");
  CHECK(apps::numpy_text(from_rows({{1, 2}, {3, 4.25}})) == "[[1, 2], [3, 4.25]]");
}
