// The plots in a real browser: each kind (the sigmoid, a loss curve, decision boundaries) is
// written by the tinynn command, rendered by headless Chromium to PNG, decoded, and checked
// pixel by pixel: not blank, and the curve's colour where the curve must be, the class
// colours where the model predicts those classes. Chromium comes from Debian's `chromium`
// package (scripts/setup.sh --test); without it these tests fail, saying so.
#include <cmath>

#include "cli_helpers.hpp"
#include "xml_png.hpp"

using namespace tinynn::test;
using tinynn::PlotFrame;

namespace {

constexpr int kBrowserTimeout = 120;  // seconds; a first start on a cold machine takes ~2 s

std::string chromium_binary() {
  const Result r = run_shell("command -v chromium");
  std::string path = r.out;
  while (!path.empty() && (path.back() == '\n' || path.back() == ' ')) path.pop_back();
  return r.status == 0 ? path : "";
}

/// The SVG at `svg_path` rendered by headless Chromium at its own size, as decoded pixels.
Image screenshot(const std::string& svg_path) {
  const std::string browser = chromium_binary();
  if (browser.empty()) {
    FAIL("chromium is not installed, so the plots cannot be checked in a real browser: run "
         "scripts/setup.sh --test (it installs Debian's chromium package)");
  }
  const XmlElement svg = parse_xml(read_text(svg_path));
  const std::string w = svg.attr("width"), h = svg.attr("height");
  const TempDir scratch;  // a fresh profile every time: no state from an earlier run
  const std::string png = scratch.path() + "/shot.png";
  const std::string command =
      "timeout -k 10 " + std::to_string(kBrowserTimeout) + " " + quote(browser) +
      " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
      " --disable-component-update --disable-sync --hide-scrollbars --force-device-scale-factor=1"
      " --user-data-dir=" + quote(scratch.path() + "/profile") + " --screenshot=" + quote(png) +
      " --window-size=" + w + "," + h + " " + quote("file://" + svg_path);
  const Result r = run_shell(command);
  INFO(command << "\nexit " << r.status << (r.status == 124 ? " (timed out)" : "") << "\n" << r.err.substr(0, 3000));
  REQUIRE(r.status == 0);
  REQUIRE(exists(png));
  const Image img = decode_png(read_text(png));
  REQUIRE(img.width == std::stoi(w));
  REQUIRE(img.height == std::stoi(h));
  return img;
}

struct Rgb {
  int r, g, b;
};

Rgb hex(const std::string& c) {
  return {std::stoi(c.substr(1, 2), nullptr, 16), std::stoi(c.substr(3, 2), nullptr, 16),
          std::stoi(c.substr(5, 2), nullptr, 16)};
}

/// Is a pixel within `radius` of (x, y) within `tolerance` of `colour` in every channel?
bool colour_near(const Image& img, double x, double y, const std::string& colour, int radius = 3, int tolerance = 45) {
  const Rgb c = hex(colour);
  for (int dy = -radius; dy <= radius; ++dy) {
    for (int dx = -radius; dx <= radius; ++dx) {
      const int px = static_cast<int>(std::floor(x)) + dx, py = static_cast<int>(std::floor(y)) + dy;
      if (px < 0 || py < 0 || px >= img.width || py >= img.height) continue;
      const Image::Pixel p = img.at(px, py);
      if (std::abs(p.r - c.r) <= tolerance && std::abs(p.g - c.g) <= tolerance && std::abs(p.b - c.b) <= tolerance) {
        return true;
      }
    }
  }
  return false;
}

/// Share of pixels that are not (nearly) white, in a rectangle.
double ink(const Image& img, int x0, int y0, int x1, int y1) {
  std::size_t dark = 0, all = 0;
  for (int y = std::max(0, y0); y < std::min(img.height, y1); ++y) {
    for (int x = std::max(0, x0); x < std::min(img.width, x1); ++x, ++all) {
      const Image::Pixel p = img.at(x, y);
      dark += p.r + p.g + p.b < 3 * 235;
    }
  }
  return all ? static_cast<double>(dark) / static_cast<double>(all) : 0;
}

/// Title, axis labels and tick labels were drawn and not clipped: ink in each of their places.
void check_labels_drawn(const Image& img, const PlotFrame& f) {
  const int left = static_cast<int>(f.left), top = static_cast<int>(f.top);
  const int right = static_cast<int>(f.left + f.width), bottom = static_cast<int>(f.top + f.height);
  INFO("frame " << left << "," << top << " to " << right << "," << bottom << " in " << img.width << "x" << img.height);
  CHECK(ink(img, left, 0, right, top - 4) > 0.01);             // the title
  CHECK(ink(img, left - 12, bottom + 6, right + 12, bottom + 24) > 0.01);  // x tick labels
  CHECK(ink(img, left, bottom + 28, right, bottom + 50) > 0.002);          // x axis label
  CHECK(ink(img, 0, top, left - 6, bottom) > 0.01);                        // y tick labels and label
  CHECK(ink(img, 0, top, 22, bottom) > 0.002);  // the rotated y label, inside the picture
  CHECK(bottom + 50 <= img.height);
}

/// The sampled pixels of a boundary where the model is sure, and how many show its colour.
struct FieldCheck {
  std::size_t sure = 0, right = 0;
};

}  // namespace

TEST_CASE("in a browser: the sigmoid plot shows σ and σ′ where they must be", "[browser]") {
  const TempDir dir;
  const std::string file = dir.path() + "/sigmoid.svg";
  REQUIRE(tinynn_cli("sigmoid --out " + file).status == 0);
  const PlotFrame f = plot_frame(parse_xml(read_text(file)));
  const Image img = screenshot(file);
  const std::string sigma = tinynn::palette_colour(0), derivative = tinynn::palette_colour(1);
  CHECK(ink(img, 0, 0, img.width, img.height) > 0.02);  // not blank
  CHECK(ink(img, 0, 0, img.width, img.height) < 0.5);
  // σ through (0, 0.5), σ′ peaking at (0, 0.25); both on their curves further out.
  CHECK(colour_near(img, pixel_x(f, 0), pixel_y(f, 0.5), sigma));
  CHECK(colour_near(img, pixel_x(f, 0), pixel_y(f, 0.25), derivative));
  CHECK(colour_near(img, pixel_x(f, 3), pixel_y(f, tinynn::sigmoid(3.0)), sigma));
  CHECK(colour_near(img, pixel_x(f, 2.5), pixel_y(f, tinynn::sigmoid_derivative(2.5)), derivative));
  CHECK(colour_near(img, pixel_x(f, 15), pixel_y(f, 1.0), sigma));
  // And nowhere else: not at (10, 0.5), nor σ′ at the top of its scale.
  CHECK_FALSE(colour_near(img, pixel_x(f, 10), pixel_y(f, 0.5), sigma, 6));
  CHECK_FALSE(colour_near(img, pixel_x(f, 10), pixel_y(f, 0.5), derivative, 6));
  CHECK_FALSE(colour_near(img, pixel_x(f, 0), pixel_y(f, 0.75), derivative, 6));
  check_labels_drawn(img, f);
}

TEST_CASE("in a browser: a loss curve shows the train and the test loss at their epochs", "[browser]") {
  const TempDir dir;
  const std::string d = dir.path();

  SECTION("xor.json: the train loss from its first epoch to its last, on a log axis") {
    REQUIRE(tinynn_cli("train apps/configs/xor.json --quiet --out " + d + "/m.json --set report.loss_plot=" + d +
                       "/loss.svg --set report.history=" + d + "/h.csv")
                .status == 0);
    const PlotFrame f = plot_frame(parse_xml(read_text(d + "/loss.svg")));
    REQUIRE(f.log_y);
    const std::vector<std::string> rows = lines_of(read_text(d + "/h.csv"));
    const auto loss_at = [&](std::size_t epoch) {
      return std::stod(rows.at(epoch).substr(rows.at(epoch).find(',') + 1));
    };
    const Image img = screenshot(d + "/loss.svg");
    CHECK(ink(img, 0, 0, img.width, img.height) > 0.02);
    for (const std::size_t epoch : {std::size_t{1}, std::size_t{300}, std::size_t{2000}}) {
      INFO("epoch " << epoch << ", loss " << loss_at(epoch));
      CHECK(colour_near(img, pixel_x(f, static_cast<double>(epoch)), pixel_y(f, loss_at(epoch)), tinynn::palette_colour(0)));
    }
    CHECK_FALSE(colour_near(img, pixel_x(f, 1000), pixel_y(f, 0.5), tinynn::palette_colour(0), 6));
    check_labels_drawn(img, f);
  }

  SECTION("moons.json: the test loss in its own colour") {
    REQUIRE(tinynn_cli("train apps/configs/moons.json --quiet --out " + d + "/m.json --set report.loss_plot=" + d +
                       "/loss.svg --set report.history=" + d + "/h.csv --set report.boundary_plot=" + d + "/b.svg")
                .status == 0);
    CHECK_FALSE(exists(source_path("moons.boundary.svg")));  // nothing written into the repository
    const PlotFrame f = plot_frame(parse_xml(read_text(d + "/loss.svg")));
    const std::vector<std::string> rows = lines_of(read_text(d + "/h.csv"));
    std::vector<std::string> last;  // epoch,train_loss,train_accuracy,test_loss,...
    std::istringstream in(rows.back());
    for (std::string field; std::getline(in, field, ',');) last.push_back(field);
    const Image img = screenshot(d + "/loss.svg");
    CHECK(colour_near(img, pixel_x(f, 150), pixel_y(f, std::stod(last.at(3))), tinynn::palette_colour(1)));
    CHECK(colour_near(img, pixel_x(f, 150), pixel_y(f, std::stod(last.at(1))), tinynn::palette_colour(0)));
    check_labels_drawn(img, f);
  }
}

TEST_CASE("in a browser: a decision boundary shows each class's colour where the model predicts it", "[browser]") {
  const TempDir dir;
  const std::string d = dir.path();
  const std::string run = GENERATE(std::string("moons"), std::string("spirals"));
  INFO(run);
  REQUIRE(tinynn_cli("train apps/configs/" + run + ".json --quiet --out " + d + "/m.json --set report.loss_plot=" + d +
                     "/l.svg --set report.boundary_plot=" + d + "/b.svg")
              .status == 0);
  const XmlElement svg = parse_xml(read_text(d + "/b.svg"));
  const PlotFrame f = plot_frame(svg);
  std::vector<std::pair<double, double>> dots;  // every drawn point, to keep away from them
  for (const XmlElement* c : svg.find_all("circle")) dots.emplace_back(std::stod(c->attr("cx")), std::stod(c->attr("cy")));
  const Image img = screenshot(d + "/b.svg");
  CHECK(ink(img, 0, 0, img.width, img.height) > 0.3);  // the field fills the plot area

  // Sample the plot area every 9 px, away from the points; ask the model file itself there.
  std::vector<std::pair<int, int>> pixels;
  std::vector<std::vector<double>> where;
  for (int y = static_cast<int>(f.top) + 3; y < f.top + f.height - 3; y += 9) {
    for (int x = static_cast<int>(f.left) + 3; x < f.left + f.width - 3; x += 9) {
      bool clear = true;
      for (const auto& [cx, cy] : dots) clear = clear && std::hypot(cx - x, cy - y) > 8;
      if (!clear) continue;
      pixels.emplace_back(x, y);
      where.push_back({f.x_min + (x + 0.5 - f.left) / f.width * (f.x_max - f.x_min),
                       f.y_max - (y + 0.5 - f.top) / f.height * (f.y_max - f.y_min)});
    }
  }
  REQUIRE(pixels.size() > 200);
  const tinynn::TrainedModel model = tinynn::load_model(d + "/m.json");
  tinynn::Sequential network = model.network;
  tinynn::Tensor p;
  {
    tinynn::NoGradGuard no_grad;
    p = tinynn::output_to_prediction(
        model.loss, network.forward(tinynn::constant(model.prepare_inputs(tinynn::from_rows(where)))).value());
  }
  const std::size_t classes = p.shape(1) == 1 ? 2 : p.shape(1);
  std::vector<FieldCheck> per_class(classes);
  for (std::size_t i = 0; i < pixels.size(); ++i) {
    std::size_t k = 0;
    double sure = 0;
    if (p.shape(1) == 1) {
      k = p(i, 0) >= 0.5 ? 1 : 0, sure = std::max(p(i, 0), 1 - p(i, 0));
    } else {
      for (std::size_t c = 0; c < classes; ++c) {
        if (p(i, c) > p(i, k)) k = c;
      }
      sure = p(i, k);
    }
    if (sure < 0.9) continue;
    // The pixel's colour is nearest to class k's colour (of all the classes' colours).
    const Image::Pixel px = img.at(pixels[i].first, pixels[i].second);
    std::size_t nearest = 0;
    double best = INFINITY;
    for (std::size_t c = 0; c < classes; ++c) {
      const Rgb full = hex(tinynn::palette_colour(c));
      // Compare hues: the pixel's offset from white against the class colour's.
      const double a[3] = {255.0 - px.r, 255.0 - px.g, 255.0 - px.b};
      const double b[3] = {255.0 - full.r, 255.0 - full.g, 255.0 - full.b};
      const double na = std::sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]) + 1e-9;
      const double nb = std::sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
      const double angle = std::acos(std::clamp((a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / (na * nb), -1.0, 1.0));
      if (angle < best) best = angle, nearest = c;
    }
    ++per_class[k].sure;
    per_class[k].right += nearest == k && px.r + px.g + px.b < 3 * 240;  // coloured, not white
  }
  for (std::size_t k = 0; k < classes; ++k) {
    INFO("class " << k << ": " << per_class[k].right << " of " << per_class[k].sure << " sure pixels in its colour");
    CHECK(per_class[k].sure >= 20);
    CHECK(per_class[k].right >= per_class[k].sure * 95 / 100);
  }
  check_labels_drawn(img, f);
}
