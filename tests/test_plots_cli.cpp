// The picture commands of tinynn, run as a user runs them: `sigmoid`, `make-data`,
// `boundary`, and the loss curve and boundary `train` writes when the run file asks.
#include <set>

#include "cli_helpers.hpp"
#include "xml_png.hpp"

using namespace tinynn::test;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;

namespace {

/// `tinynn ARGS` run from `cwd`.
Result tinynn_in(const std::string& cwd, const std::string& args) {
  return run_shell(quote(TINYNN_CLI) + " " + args, cwd);
}

/// The SVG file at `path`, parsed strictly (the test fails on any well-formedness error).
XmlElement svg_file(const std::string& path) {
  INFO(path);
  REQUIRE(exists(path));
  try {
    return parse_xml(read_text(path));
  } catch (const std::exception& e) {
    FAIL(path << ": " << e.what());
  }
  return {};
}

/// Fill colours of a boundary's field, sorted into blue-, orange- and green-dominated ones.
struct FieldHues {
  int blue = 0, orange = 0, green = 0;
};

FieldHues field_hues(const XmlElement& svg) {
  FieldHues h;
  const auto fields = svg.find_all("g", "field");
  REQUIRE(fields.size() == 1);
  for (const XmlElement& path : fields[0]->children) {
    const std::string c = path.attr("fill");
    const int r = std::stoi(c.substr(1, 2), nullptr, 16), g = std::stoi(c.substr(3, 2), nullptr, 16),
              b = std::stoi(c.substr(5, 2), nullptr, 16);
    if (b > r + 40 && b > g) ++h.blue;
    if (r > b + 60 && r > g + 20) ++h.orange;
    if (g > r + 40 && g > b + 40) ++h.green;
  }
  return h;
}

std::size_t point_count(const XmlElement& svg, const std::string& cls = "points") {
  const auto groups = svg.find_all("g", cls);
  return groups.empty() ? 0 : groups[0]->find_all("circle").size();
}

}  // namespace

TEST_CASE("tinynn sigmoid: the lesson's numbers, and sigmoid.svg in the current directory", "[cli][plots]") {
  const TempDir dir;
  const Result r = tinynn_in(dir.path(), "sigmoid");
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());
  CHECK_THAT(r.out, StartsWith("The sigmoid σ(x) = 1/(1 + e^−x)"));
  CHECK_THAT(r.out, Contains("σ(−100)       = 3.7200759760208361e-44") && Contains("1/(1 + e^100) = 3.7200759760208356e-44"));
  CHECK_THAT(r.out, Contains("e^x    = [2.71828183, 7.3890561, 20.08553692]") && Contains("x + 3  = [4, 5, 6]"));
  CHECK_THAT(r.out, Contains("   0            0.5                     0.25\n"));
  CHECK_THAT(r.out, Contains("The truth is σ′(40) = 4.248354255291589e-18."));
  CHECK_THAT(r.out, Contains("written to sigmoid.svg"));
  CHECK(files_in(dir.path()) == std::vector<std::string>{"sigmoid.svg"});
  const XmlElement svg = svg_file(dir.path() + "/sigmoid.svg");
  const auto lines = svg.find_all("polyline", "series");
  REQUIRE(lines.size() == 2);
  CHECK(polyline_points(*lines[0]).size() == 200);
  CHECK(polyline_points(*lines[1]).size() == 200);
  CHECK(svg.find_all("text", "x-label").at(0)->text == "data");
  CHECK(svg.find_all("text", "y-label").at(0)->text == "Sigmoid(data)");

  SECTION("--out and --at") {
    const Result o = tinynn_in(dir.path(), "sigmoid --out other.svg --at 40,-1e3,0.5");
    INFO(o.out << o.err);
    CHECK(o.status == 0);
    CHECK_THAT(o.out, Contains("   40           1                       4.248354255291589e-18\n") &&
                          Contains("   -1000        0                       0\n") && Contains("written to other.svg"));
    CHECK(read_text(dir.path() + "/other.svg") == read_text(dir.path() + "/sigmoid.svg"));
  }
}

TEST_CASE("tinynn make-data: the same flags give the same file, byte for byte", "[cli][plots]") {
  const TempDir dir;
  const std::string a = dir.path() + "/a.csv", b = dir.path() + "/b.csv", c = dir.path() + "/c.csv";
  const Result ra = tinynn_cli("make-data moons --n 200 --noise 0.1 --seed 1 --out " + a);
  INFO(ra.out << ra.err);
  REQUIRE(ra.status == 0);
  CHECK(ra.out == "moons: 200 points (100 of class 0, 100 of class 1), noise 0.1, seed 1, written to " + a + "\n");
  REQUIRE(tinynn_cli("make-data moons --n 200 --noise 0.1 --seed 1 --out " + b).status == 0);
  REQUIRE(tinynn_cli("make-data moons --n 200 --noise 0.1 --seed 2 --out " + c).status == 0);
  CHECK(read_text(a) == read_text(b));
  CHECK(read_text(a) != read_text(c));
  // It is a data set tinynn reads: 200 rows of x1, x2 and the label.
  const tinynn::Dataset d = tinynn::load_csv(a);
  CHECK(d.size() == 200);
  CHECK(d.feature_names == std::vector<std::string>{"x1", "x2"});
  CHECK(d.target_name == "label");
  // The shipped data sets are exactly what datasets/README.md says made them.
  REQUIRE(tinynn_cli("make-data spirals --classes 3 --n 600 --noise 0.05 --seed 1 --out " + c).status == 0);
  CHECK(read_text(a) == read_text(source_path("datasets/moons.csv")));
  CHECK(read_text(c) == read_text(source_path("datasets/spirals.csv")));
  // Without --out: KIND.csv in the current directory; every kind.
  for (const std::string kind : {"moons", "circles", "spirals", "xor"}) {
    const Result r = tinynn_in(dir.path(), "make-data " + kind + " --n 40");
    INFO(kind << "\n" << r.out << r.err);
    CHECK(r.status == 0);
    CHECK(tinynn::load_csv(dir.path() + "/" + kind + ".csv").size() == 40);
  }
  const Result spirals = tinynn_cli("make-data spirals --classes 4 --n 10 --out " + c);
  CHECK_THAT(spirals.out, Contains("(3 of class 0, 3 of class 1, 2 of class 2, 2 of class 3)"));
}

TEST_CASE("tinynn sigmoid, make-data and boundary: bad flags exit 2 with a message, writing nothing",
          "[cli][plots]") {
  const TempDir dir;
  const std::string d = dir.path();
  struct Case {
    std::string args, message;
  };
  const std::vector<Case> cases = {
      {"sigmoid --at 1,x", "--at: expected numbers separated by commas, e.g. 0,1,-2.5; 'x' is not a finite number"},
      {"sigmoid --at 1,", "--at: expected numbers separated by commas"},
      {"sigmoid --at nan", "'nan' is not a finite number"},
      {"sigmoid --bogus", "unknown flag --bogus"},
      {"sigmoid extra", "unexpected argument 'extra'"},
      {"make-data", "make-data: which kind? (moons, circles, spirals, xor; see --help)"},
      {"make-data moon", "unknown kind 'moon' (did you mean 'moons'?); supported: moons, circles, spirals, xor"},
      {"make-data squares", "unknown kind 'squares'; supported: moons, circles, spirals, xor"},
      {"make-data moons --n 0", "--n: expected a whole number from 1 to 10000000, got 0"},
      {"make-data moons --n 10.5", "--n: expected a whole number, got '10.5'"},
      {"make-data moons --n 20000000", "--n: expected a whole number from 1 to 10000000"},
      {"make-data moons --noise -0.1", "--noise: expected a number from 0 to 1000, got '-0.1'"},
      {"make-data moons --noise 1e40", "--noise: expected a number from 0 to 1000, got '1e40'"},
      {"make-data moons --noise inf", "--noise: expected a finite number, got 'inf'"},
      {"make-data moons --seed -1", "--seed: expected a whole number from 0 to 18446744073709551615"},
      {"make-data moons --classes 3", "--classes: only spirals takes a number of classes (moons has 2)"},
      {"make-data spirals --classes 1", "--classes: expected a whole number from 2 to 10, got 1"},
      {"make-data spirals --classes 11", "--classes: expected a whole number from 2 to 10, got 11"},
      {"make-data spirals --classes 5 --n 3", "spirals: 3 points cannot hold 5 classes"},
      {"boundary", "boundary: expected MODEL.json DATA.csv"},
      {"boundary apps/configs/xor.json", "boundary: expected MODEL.json DATA.csv"},
      {"boundary apps/configs/xor.json datasets/xor.csv", "apps/configs/xor.json: /format: expected \"tinynn-model\""},
  };
  for (const Case& c : cases) {
    const Result r = tinynn_cli(c.args + " --out " + d + (c.args.rfind("make-data", 0) == 0 ? "/out.csv" : "/out.svg"));
    INFO("tinynn " << c.args << "\n" << r.out << r.err);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, StartsWith("tinynn: error: ") && Contains(c.message));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(files_in(d).empty());
  }
}

TEST_CASE("tinynn sigmoid, make-data and boundary: an --out that cannot be written exits 4, writing nothing",
          "[cli][plots]") {
  const TempDir dir;
  const std::string model = dir.path() + "/xor.model.json";
  REQUIRE(tinynn_cli("train apps/configs/xor.json --quiet --out " + model).status == 0);
  const TempDir out;
  const std::string missing = out.path() + "/missing/file";
  for (const std::string& args : {"sigmoid --out " + missing + ".svg", "make-data moons --out " + missing + ".csv",
                                 "boundary " + model + " datasets/xor.csv --out " + missing + ".svg",
                                 "sigmoid --out " + out.path()}) {
    const Result r = tinynn_cli(args);
    INFO("tinynn " << args << "\n" << r.out << r.err);
    CHECK(r.status == 4);
    CHECK_THAT(r.err, StartsWith("tinynn: I/O error: ") && (Contains("does not exist") || Contains("is a directory")));
    CHECK_THAT(r.out, !Contains("σ(−100)"));  // sigmoid checks its output before the lesson
    CHECK(files_in(out.path()).empty());
  }
  // A plot's name must say SVG (a PNG name would hold SVG text); devices are fine.
  for (const std::string& args : {"sigmoid --out " + out.path() + "/s.png",
                                 "boundary " + model + " datasets/xor.csv --out " + out.path() + "/b"}) {
    const Result r = tinynn_cli(args);
    INFO("tinynn " << args << "\n" << r.out << r.err);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains("expected the name of an SVG file, ending in .svg"));
    CHECK(files_in(out.path()).empty());
  }
  const Result piped = tinynn_cli("boundary " + model + " datasets/xor.csv --out /dev/stdout");
  CHECK(piped.status == 0);
  CHECK_THAT(piped.out, StartsWith("<?xml"));
  CHECK_THAT(piped.out, EndsWith("</svg>\n"));  // the remark went to stderr, not into the SVG
  CHECK_THAT(piped.err, Contains("written to /dev/stdout"));
  // boundary refuses to overwrite its inputs.
  const Result self = tinynn_cli("boundary " + model + " datasets/xor.csv --out " + model);
  CHECK(self.status == 2);
  CHECK_THAT(self.err, Contains("is the model file: writing it would destroy an input"));
}

TEST_CASE("tinynn boundary on XOR, moons, circles and spirals", "[cli][plots]") {
  const TempDir dir;
  const std::string d = dir.path();

  SECTION("XOR: the four corners, two classes, default file name") {
    REQUIRE(tinynn_cli("train apps/configs/xor.json --quiet --out " + d + "/xor.model.json").status == 0);
    const Result r = tinynn_in(d, "boundary xor.model.json " + quote(source_path("datasets/xor.csv")));
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    CHECK_THAT(r.out, Contains("over 4 points") && Contains("written to xor.boundary.svg"));
    const XmlElement svg = svg_file(d + "/xor.boundary.svg");
    CHECK(point_count(svg) == 4);
    const FieldHues h = field_hues(svg);
    CHECK(h.blue >= 5);
    CHECK(h.orange >= 5);
    CHECK(svg.find_all("text", "x-label").at(0)->text == "x1");
  }

  SECTION("moons and circles from make-data, trained by a run file") {
    for (const std::string kind : {"moons", "circles"}) {
      INFO(kind);
      REQUIRE(tinynn_in(d, "make-data " + kind + " --n 200 --noise 0.05 --seed 3").status == 0);
      const std::string run = dir.write(kind + ".json", R"({
        "format": "tinynn-run", "version": 1,
        "data": {"train": ")" + d + "/" + kind + R"(.csv"},
        "model": {"inputs": 2, "layers": [{"units": 16, "activation": "tanh"}, {"units": 1, "activation": "identity"}]},
        "loss": "bce_with_logits",
        "optimizer": {"type": "adam", "lr": 0.02},
        "training": {"epochs": 200, "batch_size": 20, "seed": 0}
      })");
      const Result t = tinynn_in(d, "train " + kind + ".json --quiet");
      INFO(t.out << t.err);
      REQUIRE(t.status == 0);
      CHECK_THAT(t.out, Contains("train loss") && Contains("accuracy 1.0000"));
      const Result r = tinynn_in(d, "boundary " + kind + ".model.json " + kind + ".csv --out " + kind + ".svg");
      INFO(r.out << r.err);
      REQUIRE(r.status == 0);
      const XmlElement svg = svg_file(d + "/" + kind + ".svg");
      CHECK(point_count(svg) == 200);
      const FieldHues h = field_hues(svg);
      CHECK(h.blue >= 5);
      CHECK(h.orange >= 5);
      CHECK(svg.find_all("text", "title").at(0)->text == "Decision boundary: " + kind + ".model.json on " + kind + ".csv");
    }
  }

  SECTION("spirals: three classes, three colours") {
    REQUIRE(tinynn_cli("train apps/configs/spirals.json --quiet --out " + d + "/s.model.json --set report.loss_plot=" + d +
                       "/l.svg --set report.boundary_plot=" + d + "/b.svg")
                .status == 0);
    const Result r = tinynn_cli("boundary " + d + "/s.model.json datasets/spirals.csv --out " + d + "/s.svg");
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    const XmlElement svg = svg_file(d + "/s.svg");
    CHECK(point_count(svg) == 600);
    const FieldHues h = field_hues(svg);
    CHECK(h.blue >= 5);
    CHECK(h.orange >= 5);
    CHECK(h.green >= 5);
    // After training, the run's own boundary: its 480 training points and 120 test points (rings).
    const XmlElement after = svg_file(d + "/b.svg");
    CHECK(point_count(after) == 480);
    CHECK(point_count(after, "test-points") == 120);
  }

  SECTION("a model without 2 inputs, or data without its columns, is bad input") {
    REQUIRE(tinynn_cli("train apps/configs/iris.json --quiet --out " + d + "/iris.model.json").status == 0);
    const Result iris = tinynn_cli("boundary " + d + "/iris.model.json datasets/iris.csv --out " + d + "/i.svg");
    CHECK(iris.status == 2);
    CHECK_THAT(iris.err, Contains(d + "/iris.model.json: the model takes 4 inputs; a decision boundary is drawn over exactly 2"));
    REQUIRE(tinynn_cli("train apps/configs/xor.json --quiet --out " + d + "/xor.model.json").status == 0);
    const std::string unlabelled = dir.write("unlabelled.csv", "x1,x2\n0,1\n");
    const Result no_target = tinynn_cli("boundary " + d + "/xor.model.json " + unlabelled + " --out " + d + "/u.svg");
    CHECK(no_target.status == 2);
    CHECK_THAT(no_target.err, Contains("missing column(s) 'y'"));
    const std::string soft = dir.write("soft.csv", "x1,x2,y\n0,1,0.5\n");
    const Result regression = tinynn_cli("boundary " + d + "/xor.model.json " + soft + " --out " + d + "/r.svg");
    CHECK(regression.status == 2);
    CHECK_THAT(regression.err, Contains("a decision boundary needs classes"));
    CHECK_FALSE(exists(d + "/i.svg"));
    CHECK_FALSE(exists(d + "/u.svg"));
    CHECK_FALSE(exists(d + "/r.svg"));
  }
}

TEST_CASE("tinynn train writes a loss curve with one point per epoch, with the model or not at all",
          "[cli][plots]") {
  const TempDir dir;
  const std::string d = dir.path();

  SECTION("xor.json: one series of 2000 points on a log axis, matching the history") {
    const Result r = tinynn_cli("train apps/configs/xor.json --quiet --out " + d + "/m.json --set report.loss_plot=" + d +
                                "/loss.svg --set report.history=" + d + "/h.csv");
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    CHECK_THAT(r.out, Contains("loss curve written to " + d + "/loss.svg"));
    CHECK(files_in(d) == std::vector<std::string>{"h.csv", "loss.svg", "m.json"});
    const XmlElement svg = svg_file(d + "/loss.svg");
    const auto lines = svg.find_all("polyline", "series");
    REQUIRE(lines.size() == 1);  // no test set: the train loss only
    const auto points = polyline_points(*lines[0]);
    REQUIRE(points.size() == 2000);
    const tinynn::PlotFrame f = plot_frame(svg);
    CHECK(f.log_y);  // 0.26 down to 0.0008: a wide range
    CHECK(svg.find_all("text", "y-label").at(0)->text == "loss (mse)");
    CHECK(svg.find_all("text", "x-label").at(0)->text == "epoch");
    // Every point where the history's loss of that epoch belongs.
    const std::vector<std::string> rows = lines_of(read_text(d + "/h.csv"));
    REQUIRE(rows.size() == 2001);
    for (const std::size_t epoch : {std::size_t{1}, std::size_t{500}, std::size_t{2000}}) {
      const std::string row = rows[epoch];
      const double loss = std::stod(row.substr(row.find(',') + 1));
      CHECK(points[epoch - 1].first == Approx(pixel_x(f, static_cast<double>(epoch))).margin(0.006));
      CHECK(points[epoch - 1].second == Approx(pixel_y(f, loss)).margin(0.006));
    }
  }

  SECTION("moons.json: train and test loss, 150 points each") {
    const Result r = tinynn_cli("train apps/configs/moons.json --quiet --out " + d + "/m.json --set report.loss_plot=" + d +
                                "/loss.svg --set report.boundary_plot=" + d + "/b.svg");
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    const XmlElement svg = svg_file(d + "/loss.svg");
    const auto lines = svg.find_all("polyline", "series");
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]->children.at(0).text == "train loss");
    CHECK(lines[1]->children.at(0).text == "test loss");
    CHECK(polyline_points(*lines[0]).size() == 150);
    CHECK(polyline_points(*lines[1]).size() == 150);
    CHECK_FALSE(plot_frame(svg).log_y);  // 0.68 down to 0.037: a factor under 30, a linear axis
    CHECK(files_in(d) == std::vector<std::string>{"b.svg", "loss.svg", "m.json"});
  }

  SECTION("a run of more than 10000 epochs is drawn at 10000 of them, first and last included") {
    const Result r = tinynn_cli("train apps/configs/xor.json --quiet --out " + d + "/m.json --set training.epochs=12345"
                                " --set report.loss_plot=" + d + "/loss.svg");
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    const XmlElement svg = svg_file(d + "/loss.svg");
    const auto points = polyline_points(*svg.find_all("polyline", "series").at(0));
    REQUIRE(points.size() == 10000);
    const tinynn::PlotFrame f = plot_frame(svg);
    CHECK(points.front().first == Approx(pixel_x(f, 1)).margin(0.006));
    CHECK(points.back().first == Approx(pixel_x(f, 12345)).margin(0.006));
  }

  SECTION("a diverging run writes no picture either") {
    const Result r = tinynn_cli("train tests/data/configs/cfg_ok.json --out " + d + "/m.json --set optimizer.lr=1e308"
                                " --set model.layers.1.activation=identity --set report.loss_plot=" + d + "/loss.svg"
                                " --set report.boundary_plot=" + d + "/b.svg");
    CHECK(r.status == 3);
    CHECK(files_in(d).empty());
  }

  SECTION("outputs are checked before training") {
    struct Case {
      std::string set;
      int status;
      std::string message;
    };
    const std::vector<Case> cases = {
        {"report.history=" + d + "/h.svg --set report.loss_plot=" + d + "/h.svg", 2,
         "/report/loss_plot " + d + "/h.svg is also /report/history: two outputs need two different files"},
        {"report.loss_plot=" + d + "/x.svg --set report.boundary_plot=" + d + "/x.svg", 2,
         "/report/boundary_plot " + d + "/x.svg is also /report/loss_plot"},
        {"report.loss_plot=" + d + "/missing/l.svg", 4, "the folder " + d + "/missing does not exist"},
        {"report.boundary_plot=" + d + "/missing/b.svg", 4, "the folder " + d + "/missing does not exist"},
        {"report.loss_plot=loss.png", 2, "/report/loss_plot: expected the name of an SVG file, ending in .svg"},
    };
    for (const Case& c : cases) {
      for (const std::string command : {"train", "validate"}) {
        const Result r = tinynn_cli(command + " apps/configs/xor.json" + (command == "train" ? " --out " + d + "/m.json" : "") +
                                    " --set " + c.set);
        INFO(command << " --set " << c.set << "\n" << r.out << r.err);
        CHECK(r.status == c.status);
        CHECK_THAT(r.err, Contains(c.message));
        CHECK_THAT(r.out, !Contains("epoch"));
        CHECK(files_in(d).empty());
      }
    }
    // The model file itself is an output too.
    const Result model = tinynn_cli("train apps/configs/xor.json --out " + d + "/m.svg --set report.loss_plot=" + d + "/m.svg");
    CHECK(model.status == 2);
    CHECK_THAT(model.err, Contains("/report/loss_plot " + d + "/m.svg is also --out"));
    // A boundary of a network with 4 inputs, or of targets that are not classes.
    const Result iris = tinynn_cli("validate apps/configs/iris.json --set report.boundary_plot=b.svg");
    CHECK(iris.status == 2);
    CHECK_THAT(iris.err, Contains("/report/boundary_plot: a decision boundary is drawn over exactly 2 inputs, but "
                                  "/model/inputs is 4"));
    const std::string soft = dir.write("soft.csv", "x1,x2,y\n0,0,0.1\n0,1,0.9\n1,0,0.8\n1,1,0.2\n");
    const Result regression = tinynn_cli("train apps/configs/xor.json --out " + d + "/m.json --set data.train=" + soft +
                                         " --set report.boundary_plot=" + d + "/b.svg");
    CHECK(regression.status == 2);
    CHECK_THAT(regression.err, Contains("apps/configs/xor.json: /report/boundary_plot: a decision boundary needs classes"));
    CHECK_THAT(regression.out, !Contains("epoch"));
  }
}

TEST_CASE("the pictures in docs/img are tinynn's own and well-formed", "[cli][plots]") {
  // The sigmoid plot involves no training: it must be exactly what tinynn sigmoid writes now.
  const TempDir dir;
  REQUIRE(tinynn_cli("sigmoid --out " + dir.path() + "/s.svg").status == 0);
  CHECK(read_text(dir.path() + "/s.svg") == read_text(source_path("docs/img/sigmoid.svg")));
  // The others come from training (bit-identical only on the same machine): their structure.
  struct Picture {
    std::string file;
    std::size_t curves, points;  // polylines and points each, or 0 for a boundary
  };
  for (const Picture& p : std::vector<Picture>{{"xor_loss.svg", 1, 2000}, {"moons_loss.svg", 2, 150},
                                               {"xor_boundary.svg", 0, 4},
                                               {"moons_boundary.svg", 0, 160}, {"spirals_boundary.svg", 0, 480}}) {
    INFO(p.file);
    const XmlElement svg = svg_file(source_path("docs/img/" + p.file));
    if (p.curves > 0) {
      const auto lines = svg.find_all("polyline", "series");
      REQUIRE(lines.size() == p.curves);
      for (const XmlElement* line : lines) CHECK(polyline_points(*line).size() == p.points);
    } else {
      CHECK(point_count(svg) == p.points);
      CHECK(svg.find_all("g", "field").size() == 1);
    }
  }
  // README shows them.
  const std::string readme = read_text(source_path("README.md"));
  for (const char* image : {"docs/img/sigmoid.svg", "docs/img/xor_boundary.svg", "docs/img/xor_loss.svg",
                            "docs/img/moons_loss.svg",
                            "docs/img/moons_boundary.svg", "docs/img/spirals_boundary.svg"}) {
    CHECK_THAT(readme, Contains(std::string("](") + image + ")"));
  }
}
