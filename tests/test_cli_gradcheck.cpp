// tinynn gradcheck, run as a user runs it: on every shipped run file, at a model file's
// weights, at a relu kink, and on bad input; and the progress bar it shares with train. (The wrong-backward case, which no run file can
// build, calls the command's report directly: see test_gradcheck.cpp.)
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include <xtensor/xview.hpp>

#include "cli_helpers.hpp"
#include "report.hpp"

using namespace tinynn;
using tinynn::test::lines_of;
using tinynn::test::Result;
using tinynn::test::source_path;
using tinynn::test::TempDir;
using tinynn::test::tinynn_cli;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

// One row of the table: parameter shape checked kinks unresolved worst (r, c) analytic numeric result.
struct Row {
  std::string shape, result;
  std::size_t checked = 0, kinks = 0, unresolved = 0;
  double worst = 0, analytic = 0, numeric = 0;
};

// The table's rows by parameter name (the lines between the header and the blank line).
std::map<std::string, Row> table_of(const std::string& out) {
  std::map<std::string, Row> rows;
  bool in_table = false;
  for (const std::string& line : lines_of(out)) {
    if (line.rfind("parameter ", 0) == 0) {
      in_table = true;
      continue;
    }
    if (!in_table) continue;
    if (line.empty()) break;
    std::istringstream in(line);
    std::string name, worst, row_part, col_part, analytic, numeric;
    Row r;
    in >> name >> r.shape >> r.checked >> r.kinks >> r.unresolved >> worst;
    if (worst != "-") {
      in >> row_part >> col_part >> analytic >> numeric;
      r.worst = std::stod(worst);
      r.analytic = std::stod(analytic);
      r.numeric = std::stod(numeric);
    } else {
      in >> row_part >> analytic >> numeric;  // "-" "-" "-"
    }
    std::getline(in >> std::ws, r.result);
    rows[name] = r;
  }
  return rows;
}

}  // namespace

TEST_CASE("tinynn gradcheck passes on every shipped run file, with sane numbers", "[cli][gradcheck]") {
  namespace fs = std::filesystem;
  std::vector<std::string> runs;
  for (const auto& e : fs::directory_iterator(source_path("apps/configs"))) {
    if (e.path().extension() == ".json") runs.push_back(e.path().filename().string());
  }
  std::sort(runs.begin(), runs.end());
  REQUIRE(runs.size() >= 5);  // xor, breast_cancer, iris, digits, fashion_mnist, and any new one
  const bool fashion_installed = fs::exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");
  for (const std::string& name : runs) {
    const std::string run = "apps/configs/" + name;
    INFO(run);
    const bool fashion = name == "fashion_mnist.json";
    // Fashion-MNIST's 101 770 parameters: a smaller random subset keeps the test short.
    const std::string elements = fashion ? " --elements 64" : "";
    const Result r = tinynn_cli("gradcheck " + run + elements);
    INFO(r.out << r.err);
    if (fashion && !fashion_installed) {
      CHECK(r.status == 2);
      CHECK_THAT(r.err, Contains("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"));
      continue;
    }
    REQUIRE(r.status == 0);
    CHECK_THAT(r.out, Contains("gradcheck: " + run + ", initial weights (seed 0)"));
    CHECK_THAT(r.out, Contains("\nPASS: every checked gradient agrees with finite differences"));

    // The expected rows: the run's parameters, by name and shape, each sampled in full up to
    // the default of 2048 elements (64 for Fashion-MNIST).
    const RunSpec spec = load_run_file(source_path(run));
    Rng rng(0);
    const Sequential net = build_model(spec.model, rng);
    const std::map<std::string, Row> rows = table_of(r.out);
    REQUIRE(rows.size() == net.named_parameters().size());
    std::size_t total = 0, unresolved = 0;
    for (const auto& [param, value] : net.named_parameters()) {
      INFO(param);
      REQUIRE(rows.count(param) == 1);
      const Row& row = rows.at(param);
      const std::size_t size = value.value().size();
      const std::size_t sampled = std::min<std::size_t>(size, fashion ? 64 : 2048);
      CHECK(row.shape == std::to_string(value.rows()) + "x" + std::to_string(value.cols()));
      CHECK(row.checked + row.kinks + row.unresolved == sampled);
      CHECK(row.kinks == 0);  // no relu, no binary_cross_entropy in the shipped runs
      CHECK(row.checked > 0);
      CHECK(row.result == "PASS");
      CHECK(row.worst <= 1e-6);  // the tolerance
      CHECK(row.worst >= 0);
      CHECK(row.analytic == Approx(row.numeric).epsilon(1e-6));
      CHECK(row.analytic != 0.0);  // the worst element of a parameter is a real gradient
      if (sampled < size) {
        CHECK_THAT(r.out, Contains("note: " + param + ": a random " + std::to_string(sampled) +
                                   " of its " + std::to_string(size) + " elements (seed 0"));
      }
      total += sampled;
      unresolved += row.unresolved;
    }
    CHECK(unresolved * 5 < total);  // at most a fifth too small to resolve (digits: 5%)
    CHECK_THAT(r.out, Contains(std::to_string(2 * total + 2) + " forward passes on "));
  }
}

TEST_CASE("tinynn gradcheck on xor.json: every element checked, the batch and the subset flags",
          "[cli][gradcheck]") {
  const Result r = tinynn_cli("gradcheck apps/configs/xor.json");
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  const std::map<std::string, Row> rows = table_of(r.out);
  const std::map<std::string, std::size_t> sizes = {{"0.weight", 8}, {"0.bias", 4}, {"1.weight", 4}, {"1.bias", 1}};
  REQUIRE(rows.size() == 4);
  for (const auto& [name, size] : sizes) {
    INFO(name);
    CHECK(rows.at(name).checked == size);
    CHECK(rows.at(name).unresolved == 0);
    CHECK(rows.at(name).worst < 1e-7);
  }
  CHECK_THAT(r.out, Contains("batch: the first 4 of 4 training samples") &&
                        Contains("17 of 17 elements checked, 0 at kinks, 0 unresolved") &&
                        Contains("36 forward passes on 4 samples"));

  const Result two = tinynn_cli("gradcheck apps/configs/xor.json --batch 2 --elements 2");
  INFO(two.out << two.err);
  REQUIRE(two.status == 0);
  CHECK_THAT(two.out, Contains("batch: the first 2 of 4 training samples") &&
                          Contains("on 2 samples") &&
                          Contains("note: 0.weight: a random 2 of its 8 elements (seed 0; --elements 0 checks all)") &&
                          Contains("note: 0.bias: a random 2 of its 4 elements"));
  CHECK_THAT(two.out, !Contains("note: 1.bias"));
  // A different batch gives different gradients.
  CHECK(table_of(two.out).at("1.bias").analytic != rows.at("1.bias").analytic);
}

TEST_CASE("tinynn gradcheck --weights checks at a model file's weights", "[cli][gradcheck]") {
  const TempDir dir;
  const std::string model = dir.path() + "/xor.model.json";
  REQUIRE(tinynn_cli("train apps/configs/xor.json --quiet --out " + model).status == 0);
  const Result r = tinynn_cli("gradcheck apps/configs/xor.json --weights " + model);
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Contains("gradcheck: apps/configs/xor.json, the weights of " + model));
  CHECK_THAT(r.out, Contains("\nPASS: "));

  // The printed analytic gradient of 1.bias is the trained network's, computed here.
  const TrainedModel trained = load_model(model);
  Sequential net = trained.network;
  const Table data = load_csv_table(source_path("datasets/xor.csv"));
  const Tensor x = xt::view(data.values, xt::all(), xt::range(0, 2));
  const Tensor y = xt::view(data.values, xt::all(), xt::range(2, 3));
  mse(net.forward(constant(x)), y).backward();
  const double expected = net.named_parameters().back().second.grad()(0, 0);
  const Row row = table_of(r.out).at("1.bias");
  CHECK(row.analytic == Approx(expected).epsilon(1e-11));
  CHECK(row.analytic != table_of(tinynn_cli("gradcheck apps/configs/xor.json").out).at("1.bias").analytic);

  SECTION("a model file of another network, a missing one, or not a model file: exit 2") {
    const std::string iris = dir.path() + "/iris.model.json";
    REQUIRE(tinynn_cli("train apps/configs/iris.json --quiet --out " + iris).status == 0);
    const Result other = tinynn_cli("gradcheck apps/configs/xor.json --weights " + iris);
    CHECK(other.status == 2);
    CHECK_THAT(other.err, StartsWith("tinynn: error: " + iris + ": its input count is 4, but "
                                     "apps/configs/xor.json has 2"));
    const Result missing = tinynn_cli("gradcheck apps/configs/xor.json --weights " + dir.path() + "/none.json");
    CHECK(missing.status == 2);
    CHECK_THAT(missing.err, Contains(dir.path() + "/none.json"));
    const Result run_file = tinynn_cli("gradcheck apps/configs/xor.json --weights apps/configs/xor.json");
    CHECK(run_file.status == 2);
    CHECK_THAT(run_file.err, Contains("apps/configs/xor.json"));
    for (const Result* bad : {&other, &missing, &run_file}) {
      CHECK_THAT(bad->out, !Contains("PASS"));
      CHECK(std::count(bad->err.begin(), bad->err.end(), '\n') == 1);
    }
  }
}

TEST_CASE("tinynn gradcheck: relu pre-activations exactly at 0 are skipped kinks, not failures",
          "[cli][gradcheck][kinks]") {
  // Layer 0 starts all zeros (weights and biases): every pre-activation is exactly 0, on relu's
  // kink. Each of its elements moves some pre-activation across 0 (every XOR column has a 1),
  // so all 6 are skipped; layer 1 sees relu(0) = 0 and is checked (1.weight's gradient is
  // exactly 0 both ways).
  const TempDir dir;
  const std::string run = dir.write("relu.json", R"({
    "format": "tinynn-run", "version": 1,
    "data": {"train": ")" + source_path("datasets/xor.csv") + R"(", "standardize": false},
    "model": {"inputs": 2, "layers": [
      {"type": "dense", "units": 2, "activation": "relu", "init": "constant", "init_value": 0},
      {"type": "dense", "units": 1, "activation": "identity"}]},
    "loss": "mse",
    "optimizer": {"type": "sgd", "lr": 0.1},
    "training": {"epochs": 1}
  })");
  const Result r = tinynn_cli("gradcheck " + run);
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  const std::map<std::string, Row> rows = table_of(r.out);
  CHECK(rows.at("0.weight").kinks == 4);
  CHECK(rows.at("0.weight").checked == 0);
  CHECK(rows.at("0.weight").result == "not checked");
  CHECK(rows.at("0.bias").kinks == 2);
  CHECK(rows.at("1.weight").checked == 2);
  CHECK(rows.at("1.weight").analytic == 0.0);
  CHECK(rows.at("1.weight").numeric == 0.0);
  CHECK(rows.at("1.bias").checked == 1);
  CHECK(rows.at("1.bias").result == "PASS");
  CHECK_THAT(r.out, Contains("note: 6 elements skipped at a kink of relu") &&
                        Contains("PASS: every checked gradient agrees") &&
                        Contains("3 of 9 elements checked, 6 at kinks, 0 unresolved"));
}

TEST_CASE("tinynn gradcheck: bad input exits 2 with one clear line", "[cli][gradcheck]") {
  struct Case {
    std::string args, message;
  };
  const std::vector<Case> cases = {
      {"gradcheck", "gradcheck: which run file?"},
      {"gradcheck no/such/run.json", "no/such/run.json"},
      {"gradcheck apps/configs/xor.json --batch 0", "--batch: expected a whole number from 1"},
      {"gradcheck apps/configs/xor.json --batch 5",
       "--batch 5: the training set of apps/configs/xor.json has only 4 samples"},
      {"gradcheck apps/configs/xor.json --batch two", "--batch: expected a whole number, got 'two'"},
      {"gradcheck apps/configs/xor.json --elements -1", "--elements: expected a whole number from 0"},
      {"gradcheck apps/configs/xor.json --weights", "--weights"},
      {"gradcheck apps/configs/xor.json --bogus", "unknown flag --bogus"},
      {"gradcheck apps/configs/xor.json --set optimizer.lr=-1", "/optimizer/lr"},
      {"gradcheck tests/data/configs/cfg_lr_negative.json", "tests/data/configs/cfg_lr_negative.json"},
  };
  for (const Case& c : cases) {
    const Result r = tinynn_cli(c.args);
    INFO("tinynn " << c.args << "\nstdout:\n" << r.out << "stderr:\n" << r.err);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, StartsWith("tinynn: error: ") && Contains(c.message));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK_THAT(r.out, !Contains("PASS") && !Contains("FAIL"));
  }
  const Result help = tinynn_cli("gradcheck --help");
  CHECK(help.status == 0);
  CHECK_THAT(help.out, StartsWith("usage: tinynn gradcheck RUN.json") && Contains("--weights MODEL.json") &&
                           Contains("--batch N") && Contains("--elements N") && Contains("5 a gradient is wrong"));
  CHECK_THAT(tinynn_cli("--help").out, Contains("gradcheck RUN.json") && Contains("5 gradcheck found a wrong gradient"));
}

TEST_CASE("the progress bar of train and gradcheck shows after a second on stderr and is erased at the end",
          "[cli]") {
  std::ostringstream captured;
  std::streambuf* const previous = std::cerr.rdbuf(captured.rdbuf());
  cli::Progress never("never", 1), always("always", 1);
  always.show(0.5, "element 1 of 2");  // the first second: nothing yet
  const std::string quiet = captured.str();
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  never.show(0.5, "element 1 of 2");
  always.show(0.5, "element 1 of 2");
  const std::string bar = captured.str();
  always.clear();
  const std::string cleared = captured.str();
  std::cerr.rdbuf(previous);
  CHECK(quiet.empty());
  CHECK_THAT(bar, StartsWith("\r[===============               ]  50%  element 1 of 2  1."));
  CHECK(cleared == bar + "\r\033[K");
}
