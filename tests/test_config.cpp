// Run files: every documented bad file of tests/data/configs/, every other way a run file can
// be wrong (each message names the file, the JSON Pointer, what was expected and what was
// found), --set overrides, data preparation (input count, labels, split, standardisation),
// and the "did you mean" suggestions.
#include "helpers.hpp"

#include <cmath>
#include <sys/stat.h>

#include <filesystem>
#include <initializer_list>
#include <string>
#include <vector>

#include "tinynn/config/json_reader.hpp"

using Catch::Matchers::Contains;
using tinynn::InputError;
using tinynn::test::check_message;
using tinynn::test::input_error;
using tinynn::test::InRepoRoot;
using tinynn::test::source_path;
using tinynn::test::TempDir;

namespace {

/// A valid run file (the XOR network of cfg_ok.json, with an absolute data path), to be
/// edited one fault at a time with with().
std::string base_run() {
  return R"({
  "format": "tinynn-run",
  "version": 1,
  "data": {"train": ")" + source_path("tests/data/configs/xor_ok.csv") + R"(", "standardize": false},
  "model": {
    "inputs": 2,
    "layers": [
      {"type": "dense", "units": 3, "activation": "sigmoid"},
      {"type": "dense", "units": 1, "activation": "sigmoid"}
    ]
  },
  "loss": "mse",
  "optimizer": {"type": "sgd", "lr": 0.5},
  "training": {"epochs": 100, "seed": 42}
}
)";
}

/// text with its one occurrence of `from` replaced by `to` (the test fails if `from` is not
/// there exactly once, so an edit can never silently do nothing).
std::string with(const std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  INFO("editing '" << from << "' in:\n" << text);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  return text.substr(0, at) + to + text.substr(at + from.size());
}

const std::string kOptimizer = R"("optimizer": {"type": "sgd", "lr": 0.5})";
const std::string kTraining = R"("training": {"epochs": 100, "seed": 42})";
const std::string kLayers = R"([
      {"type": "dense", "units": 3, "activation": "sigmoid"},
      {"type": "dense", "units": 1, "activation": "sigmoid"}
    ])";
const std::string kData =
    R"("data": {"train": ")" + source_path("tests/data/configs/xor_ok.csv") +
    R"(", "standardize": false})";

/// The message of loading `text` as a run file written to a fresh folder; `path` gets the
/// file's path, which every message must name.
std::string load_error(const std::string& text, std::string& path) {
  TempDir dir;
  path = dir.write("run.json", text);
  return input_error([&] { tinynn::load_run_file(path); });
}

/// The base run with the model's layers and loss replaced.
std::string with_model(const std::string& layers, const std::string& loss) {
  return with(with(base_run(), kLayers, layers), R"("loss": "mse")", R"("loss": ")" + loss + "\"");
}

}  // namespace

// ---- the documented files of tests/data/configs/ ----

TEST_CASE("cfg_ok.json loads with every value it states, and its data prepares", "[config]") {
  InRepoRoot root;
  const std::string path = "tests/data/configs/cfg_ok.json";
  const tinynn::RunSpec run = tinynn::load_run_file(path);
  CHECK(run.file == path);
  CHECK(run.data.format == "csv");
  CHECK(run.data.train == "tests/data/configs/xor_ok.csv");
  CHECK(run.data.test.empty());
  CHECK(run.data.target.empty());
  CHECK_FALSE(run.data.standardize);
  CHECK(run.data.test_fraction == 0);
  REQUIRE(run.model.inputs == 2);
  REQUIRE(run.model.layers.size() == 2);
  CHECK(run.model.layers[0].units == 3);
  CHECK(run.model.layers[0].activation == tinynn::Activation::sigmoid);
  CHECK(run.model.layers[0].init == tinynn::Init::xavier_uniform);
  CHECK(run.model.layers[1].units == 1);
  CHECK(run.model.layers[1].activation == tinynn::Activation::sigmoid);
  CHECK(run.model.outputs() == 1);
  CHECK(run.loss == tinynn::Loss::mse);
  CHECK(run.optimizer.type == "sgd");
  CHECK(run.optimizer.lr == 0.5);
  CHECK(run.optimizer.momentum == 0);
  CHECK_FALSE(run.optimizer.nesterov);
  CHECK(run.training.epochs == 1000);
  CHECK(run.training.seed == 42);
  CHECK(run.training.batch_size == 0);
  CHECK(run.training.shuffle);
  CHECK(run.warnings.empty());

  tinynn::Rng rng(0);
  const tinynn::PreparedData data = tinynn::prepare_data(run, rng);
  REQUIRE(data.train.size() == 4);
  REQUIRE(data.train.features() == 2);
  CHECK_FALSE(data.test.has_value());
  CHECK_FALSE(data.standardizer.has_value());
  CHECK(data.input_scale == 1.0);
  const double x[4][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  const double y[4] = {0, 1, 1, 0};
  for (std::size_t i = 0; i < 4; ++i) {
    INFO("row " << i);
    CHECK(data.train.x(i, 0) == x[i][0]);
    CHECK(data.train.x(i, 1) == x[i][1]);
    CHECK(data.train.y(i, 0) == y[i]);
  }
  CHECK(data.train.feature_names == std::vector<std::string>{"x1", "x2"});
  CHECK(data.train.target_name == "y");
  CHECK_THAT(data.description, Contains("4 training samples x 2 features"));
}

TEST_CASE("every bad run file of tests/data/configs gives its documented message", "[config]") {
  InRepoRoot root;
  const auto error_of = [](const std::string& name) {
    const std::string path = "tests/data/configs/" + name;
    return input_error([&] {
      const tinynn::RunSpec run = tinynn::load_run_file(path);
      tinynn::Rng rng(0);
      tinynn::prepare_data(run, rng);
    });
  };
  SECTION("empty file") {
    check_message(error_of("cfg_empty.json"),
                  {"tests/data/configs/cfg_empty.json: ", "the file is empty", "expected"});
  }
  SECTION("trailing comma, line 5") {
    check_message(error_of("cfg_trailing_comma.json"),
                  {"tests/data/configs/cfg_trailing_comma.json:5:", "JSON syntax error"});
  }
  SECTION("lr is a string") {
    check_message(error_of("cfg_lr_is_string.json"),
                  {"tests/data/configs/cfg_lr_is_string.json: ", "/optimizer/lr: ",
                   "expected a number", "found string \"0.1\""});
  }
  SECTION("lr is negative") {
    check_message(error_of("cfg_lr_negative.json"),
                  {"tests/data/configs/cfg_lr_negative.json: ", "/optimizer/lr: ",
                   "expected a number > 0", "-0.5"});
  }
  SECTION("a layer of 0 units") {
    check_message(error_of("cfg_layer_size_zero.json"),
                  {"tests/data/configs/cfg_layer_size_zero.json: ", "/model/layers/0/units: ",
                   "expected a whole number from 1", "found number 0"});
  }
  SECTION("no layers") {
    check_message(error_of("cfg_missing_layers.json"),
                  {"tests/data/configs/cfg_missing_layers.json: ", "/model: ",
                   "missing required key \"layers\""});
  }
  SECTION("unknown activation sigmod") {
    check_message(error_of("cfg_unknown_activation.json"),
                  {"tests/data/configs/cfg_unknown_activation.json: ",
                   "/model/layers/1/activation: ", "\"sigmod\"", "did you mean \"sigmoid\"",
                   "identity, sigmoid, tanh, relu, softmax"});
  }
  SECTION("3 inputs for data of 2 features") {
    // It loads (nothing is wrong in the file itself): the data reveals the mismatch.
    CHECK_NOTHROW(tinynn::load_run_file("tests/data/configs/cfg_input_size_mismatch.json"));
    check_message(error_of("cfg_input_size_mismatch.json"),
                  {"tests/data/configs/cfg_input_size_mismatch.json", "/model/inputs",
                   "expects 3 inputs", "tests/data/configs/xor_ok.csv has 2 feature columns"});
  }
}

TEST_CASE("the base run file of these tests is valid", "[config]") {
  // Every fault below is one edit of this text: it must load as it is.
  TempDir dir;
  const std::string path = dir.write("run.json", base_run());
  const tinynn::RunSpec run = tinynn::load_run_file(path);
  CHECK(run.training.epochs == 100);
  CHECK(run.warnings.empty());
  tinynn::Rng rng(0);
  CHECK(tinynn::prepare_data(run, rng).train.size() == 4);
}

// ---- numbers and integers ----

TEST_CASE("training.epochs must be a whole number of at least 1", "[config]") {
  std::string path;
  SECTION("10.5 is refused, never truncated to 10") {
    check_message(load_error(with(base_run(), R"("epochs": 100)", R"("epochs": 10.5)"), path),
                  {path + ": ", "/training/epochs: ", "expected a whole number from 1",
                   "found number 10.5"});
  }
  SECTION("the string \"10\" is refused") {
    check_message(load_error(with(base_run(), R"("epochs": 100)", R"("epochs": "10")"), path),
                  {path + ": ", "/training/epochs: ", "expected a whole number",
                   "found string \"10\""});
  }
  SECTION("0 is refused") {
    check_message(load_error(with(base_run(), R"("epochs": 100)", R"("epochs": 0)"), path),
                  {path + ": ", "/training/epochs: ", "from 1 to", "found number 0"});
  }
  SECTION("-3 is refused") {
    check_message(load_error(with(base_run(), R"("epochs": 100)", R"("epochs": -3)"), path),
                  {path + ": ", "/training/epochs: ", "found number -3"});
  }
  SECTION("missing") {
    check_message(load_error(with(base_run(), R"("epochs": 100, )", ""), path),
                  {path + ": ", "/training: ", "missing required key \"epochs\""});
  }
}

TEST_CASE("training.epochs written 1e3 is accepted as 1000", "[config]") {
  TempDir dir;
  const std::string path = dir.write("run.json", with(base_run(), R"("epochs": 100)", R"("epochs": 1e3)"));
  CHECK(tinynn::load_run_file(path).training.epochs == 1000);
  const std::string path2 = dir.write("run2.json", with(base_run(), R"("epochs": 100)", R"("epochs": 7.0)"));
  CHECK(tinynn::load_run_file(path2).training.epochs == 7);
}

TEST_CASE("optimizer.lr must be a number greater than 0", "[config]") {
  std::string path;
  SECTION("0") {
    check_message(load_error(with(base_run(), R"("lr": 0.5)", R"("lr": 0)"), path),
                  {path + ": ", "/optimizer/lr: ", "expected a number > 0", "found number 0"});
  }
  SECTION("true") {
    check_message(load_error(with(base_run(), R"("lr": 0.5)", R"("lr": true)"), path),
                  {path + ": ", "/optimizer/lr: ", "expected a number", "found true"});
  }
  SECTION("null") {
    check_message(load_error(with(base_run(), R"("lr": 0.5)", R"("lr": null)"), path),
                  {path + ": ", "/optimizer/lr: ", "expected a number", "found null"});
  }
  SECTION("an array") {
    check_message(load_error(with(base_run(), R"("lr": 0.5)", R"("lr": [0.5])"), path),
                  {path + ": ", "/optimizer/lr: ", "expected a number", "found an array"});
  }
  SECTION("missing for sgd, which has no default") {
    check_message(load_error(with(base_run(), R"(, "lr": 0.5)", ""), path),
                  {path + ": ", "/optimizer: ", "missing required key \"lr\""});
  }
}

// ---- unknown keys and names ----

TEST_CASE("an unknown top-level key is refused with the keys allowed there", "[config]") {
  std::string path;
  // "epoch" belongs in /training (as "epochs"): at the top level no allowed key is close to
  // it, so the message lists the top-level keys, "training" among them.
  const std::string message = load_error(
      with(base_run(), R"("loss": "mse",)", R"("loss": "mse", "epoch": 10,)"), path);
  check_message(message, {path + ": ", "/epoch: ", "unknown key \"epoch\"", "keys allowed here: ",
                          "data", "format", "loss", "model", "optimizer", "training", "version"});
}

TEST_CASE("an unknown key in training suggests the close one", "[config]") {
  std::string path;
  SECTION("both epochs and epoch") {
    check_message(load_error(with(base_run(), kTraining,
                                  R"("training": {"epochs": 100, "epoch": 10, "seed": 42})"),
                             path),
                  {path + ": ", "/training/epoch: ", "unknown key \"epoch\"",
                   "did you mean \"epochs\"", "batch_size, epochs, seed, shuffle"});
  }
  SECTION("epoch instead of epochs") {
    // The required key is missing, and the typo is named with it.
    check_message(load_error(with(base_run(), kTraining, R"("training": {"epoch": 100, "seed": 42})"),
                             path),
                  {path + ": ", "/training: ", "missing required key \"epochs\"", "\"epoch\""});
  }
  SECTION("seeds") {
    check_message(load_error(with(base_run(), R"("seed": 42)", R"("seeds": 42)"), path),
                  {path + ": ", "/training/seeds: ", "unknown key \"seeds\"",
                   "did you mean \"seed\""});
  }
}

TEST_CASE("an unknown key in a layer suggests the close one", "[config]") {
  std::string path;
  SECTION("unit instead of units") {
    check_message(load_error(with(base_run(), R"("units": 3,)", R"("unit": 3,)"), path),
                  {path + ": ", "/model/layers/0: ", "missing required key \"units\"",
                   "did you mean \"units\""});
  }
  SECTION("a missing units beside init is not called a typo of init") {
    const std::string message =
        load_error(with(base_run(), R"({"type": "dense", "units": 3, "activation": "sigmoid"})",
                        R"({"type": "dense", "activation": "sigmoid", "init": "zeros"})"),
                   path);
    check_message(message, {path + ": ", "/model/layers/0: ", "missing required key \"units\""});
    CHECK_THAT(message, !Contains("did you mean"));
  }
  SECTION("unit beside units") {
    check_message(load_error(with(base_run(), R"("units": 3,)", R"("units": 3, "unit": 3,)"), path),
                  {path + ": ", "/model/layers/0/unit: ", "unknown key \"unit\"",
                   "did you mean \"units\"", "activation", "init", "type", "units"});
  }
  SECTION("a key that looks like nothing") {
    const std::string message =
        load_error(with(base_run(), R"("units": 3,)", R"("units": 3, "zzzzzz": 1,)"), path);
    check_message(message, {path + ": ", "/model/layers/0/zzzzzz: ", "unknown key \"zzzzzz\""});
    CHECK_THAT(message, !Contains("did you mean"));
  }
}

TEST_CASE("an unknown loss suggests the close one and lists every loss", "[config]") {
  std::string path;
  const std::string message =
      load_error(with(base_run(), R"("loss": "mse")", R"("loss": "cross_entropi")"), path);
  std::string list;
  for (const std::string& name : tinynn::loss_names()) list += (list.empty() ? "" : ", ") + name;
  check_message(message, {path + ": ", "/loss: ", "unknown value \"cross_entropi\"",
                          "did you mean \"cross_entropy\"", "supported: " + list, "mse",
                          "binary_cross_entropy", "bce_with_logits"});
}

TEST_CASE("an unknown optimizer, data format or layer type is refused with the list", "[config]") {
  std::string path;
  SECTION("optimizer type") {
    check_message(load_error(with(base_run(), R"("type": "sgd")", R"("type": "sdg")"), path),
                  {path + ": ", "/optimizer/type: ", "\"sdg\"", "did you mean \"sgd\"",
                   "supported: sgd, adam"});
  }
  SECTION("the right name in capitals") {
    check_message(load_error(with(base_run(), R"("type": "sgd")", R"("type": "SGD")"), path),
                  {path + ": ", "/optimizer/type: ", "\"SGD\"", "did you mean \"sgd\""});
  }
  SECTION("data format") {
    check_message(load_error(with(base_run(), R"("data": {)", R"("data": {"format": "parquet", )"),
                             path),
                  {path + ": ", "/data/format: ", "unknown value \"parquet\"", "supported: csv, idx"});
  }
  SECTION("layer type") {
    check_message(load_error(with(base_run(), R"({"type": "dense", "units": 3)",
                                  R"({"type": "conv2d", "units": 3)"),
                             path),
                  {path + ": ", "/model/layers/0/type: ", "\"conv2d\"", "supported: dense"});
  }
}

// ---- the optimizer ----

TEST_CASE("optimizer options are checked against the optimizer's own", "[config]") {
  std::string path;
  SECTION("beta1 is adam's, not sgd's") {
    check_message(load_error(with(base_run(), R"("lr": 0.5)", R"("lr": 0.5, "beta1": 0.8)"), path),
                  {path + ": ", "/optimizer/beta1: ", "\"beta1\" is not an option of sgd",
                   "type, lr, momentum, nesterov"});
  }
  SECTION("momentum is sgd's, not adam's") {
    check_message(load_error(with(base_run(), kOptimizer,
                                  R"("optimizer": {"type": "adam", "momentum": 0.9})"),
                             path),
                  {path + ": ", "/optimizer/momentum: ", "\"momentum\" is not an option of adam",
                   "beta1"});
  }
  SECTION("nesterov without momentum") {
    check_message(load_error(with(base_run(), R"("lr": 0.5)", R"("lr": 0.5, "nesterov": true)"), path),
                  {path + ": ", "/optimizer/nesterov: ", "Nesterov", "momentum > 0"});
  }
  SECTION("nesterov with momentum 0 given") {
    check_message(load_error(with(base_run(), R"("lr": 0.5)",
                                  R"("lr": 0.5, "momentum": 0, "nesterov": true)"),
                             path),
                  {path + ": ", "/optimizer/nesterov: ", "momentum > 0"});
  }
  SECTION("momentum 1.0") {
    check_message(load_error(with(base_run(), R"("lr": 0.5)", R"("lr": 0.5, "momentum": 1.0)"), path),
                  {path + ": ", "/optimizer/momentum: ", "[0, 1)", "found number 1.0"});
  }
  SECTION("adam beta2 negative") {
    check_message(load_error(with(base_run(), kOptimizer,
                                  R"("optimizer": {"type": "adam", "beta2": -0.1})"),
                             path),
                  {path + ": ", "/optimizer/beta2: ", "[0, 1)", "-0.1"});
  }
}

TEST_CASE("adam's defaults and sgd's momentum are read", "[config]") {
  TempDir dir;
  const auto run = tinynn::load_run_file(
      dir.write("adam.json", with(base_run(), kOptimizer, R"("optimizer": {"type": "adam"})")));
  CHECK(run.optimizer.type == "adam");
  CHECK(run.optimizer.lr == 0.001);
  CHECK(run.optimizer.beta1 == 0.9);
  CHECK(run.optimizer.beta2 == 0.999);
  CHECK(run.optimizer.eps == 1e-8);
  const auto sgd = tinynn::load_run_file(dir.write(
      "sgd.json", with(base_run(), R"("lr": 0.5)", R"("lr": 0.5, "momentum": 0.9, "nesterov": true)")));
  CHECK(sgd.optimizer.momentum == 0.9);
  CHECK(sgd.optimizer.nesterov);
}

// ---- the document itself ----

TEST_CASE("a key given twice in one object is refused, naming its pointer", "[config]") {
  std::string path;
  SECTION("in an object") {
    check_message(load_error(with(base_run(), R"("lr": 0.5)", R"("lr": 0.1, "lr": 0.2)"), path),
                  {path + ": ", "/optimizer/lr: ", "\"lr\" appears twice"});
  }
  SECTION("in an object inside an array") {
    check_message(load_error(with(base_run(), R"("units": 1,)", R"("units": 1, "units": 2,)"), path),
                  {path + ": ", "/model/layers/1/units: ", "\"units\" appears twice"});
  }
  SECTION("at the top level") {
    check_message(load_error(with(base_run(), R"("version": 1,)", R"("version": 1, "version": 1,)"),
                             path),
                  {path + ": ", "/version: ", "appears twice"});
  }
}

TEST_CASE("format and version are checked first", "[config]") {
  std::string path;
  SECTION("a model file's format") {
    check_message(load_error(with(base_run(), R"("tinynn-run")", R"("tinynn-model")"), path),
                  {path + ": ", "/format: ", "expected \"tinynn-run\"", "found \"tinynn-model\"",
                   "other kind of tinynn file"});
  }
  SECTION("another format") {
    check_message(load_error(with(base_run(), R"("tinynn-run")", R"("keras")"), path),
                  {path + ": ", "/format: ", "expected \"tinynn-run\"", "found \"keras\""});
  }
  SECTION("missing format") {
    check_message(load_error(with(base_run(), R"("format": "tinynn-run",)", ""), path),
                  {path + ": ", "missing required key \"format\""});
  }
  SECTION("version 2 is newer than this tinynn") {
    check_message(load_error(with(base_run(), R"("version": 1)", R"("version": 2)"), path),
                  {path + ": ", "/version: ", "version 2", "reads versions 1 to 1", "upgrade"});
  }
  SECTION("version 0") {
    check_message(load_error(with(base_run(), R"("version": 1)", R"("version": 0)"), path),
                  {path + ": ", "/version: ", "from 1", "found number 0"});
  }
  SECTION("version 1.5") {
    check_message(load_error(with(base_run(), R"("version": 1)", R"("version": 1.5)"), path),
                  {path + ": ", "/version: ", "found number 1.5"});
  }
}

TEST_CASE("a run file that is not a JSON object is refused", "[config]") {
  TempDir dir;
  SECTION("an array at the top level") {
    const std::string path = dir.write("run.json", "[1, 2, 3]\n");
    check_message(input_error([&] { tinynn::load_run_file(path); }),
                  {path + ": ", "(top level)", "expected an object", "found an array"});
  }
  SECTION("a number at the top level") {
    const std::string path = dir.write("run.json", "42\n");
    check_message(input_error([&] { tinynn::load_run_file(path); }),
                  {path + ": ", "expected an object", "found number 42"});
  }
  SECTION("a file that does not exist") {
    const std::string path = dir.path() + "/no_such_run.json";
    check_message(input_error([&] { tinynn::load_run_file(path); }),
                  {path + ": ", "cannot open"});
  }
  SECTION("an empty file") {
    const std::string path = dir.write("run.json", "");
    check_message(input_error([&] { tinynn::load_run_file(path); }),
                  {path + ": ", "the file is empty"});
  }
  SECTION("a file of whitespace only") {
    const std::string path = dir.write("run.json", "  \n\t\r\n  \n");
    check_message(input_error([&] { tinynn::load_run_file(path); }),
                  {path + ": ", "the file is empty"});
  }
  SECTION("a syntax error names its line") {
    const std::string path = dir.write("run.json", with(base_run(), R"("loss": "mse",)", R"("loss": mse,)"));
    check_message(input_error([&] { tinynn::load_run_file(path); }),
                  {path + ":12:", "JSON syntax error"});
  }
  SECTION("a number too large for a double") {
    const std::string path = dir.write("run.json", with(base_run(), R"("lr": 0.5)", R"("lr": 1e400)"));
    // nlohmann names the number but not its place: tinynn finds it (line 13, column 38).
    check_message(input_error([&] { tinynn::load_run_file(path); }),
                  {path + ":13:38: ", "1e400", "larger than any double"});
  }
  SECTION("a directory") {
    check_message(input_error([&] { tinynn::load_run_file(dir.path()); }),
                  {dir.path() + ": ", "is a directory"});
  }
  SECTION("a pipe is refused unread, never waited on") {
    const std::string path = dir.path() + "/fifo.json";
    REQUIRE(mkfifo(path.c_str(), 0600) == 0);
    check_message(input_error([&] { tinynn::load_run_file(path); }),
                  {path + ": ", "not a regular file"});
  }
  SECTION("a device is refused unread") {
    check_message(input_error([&] { tinynn::load_run_file("/dev/zero"); }),
                  {"/dev/zero: ", "not a regular file"});
  }
  SECTION("an empty file name") {
    check_message(input_error([&] { tinynn::load_run_file(""); }), {"an empty file name"});
  }
  SECTION("control bytes quoted from the file are made printable") {
    // An unknown key "\u001b[31mx" holds a real ESC once parsed; quoted raw, it would turn
    // the terminal red.
    std::string path;
    const std::string message =
        load_error(with(base_run(), R"("loss": "mse",)", R"("loss": "mse", "\u001b[31mx": 1,)"), path);
    INFO("message: " << message);
    CHECK(message.find('\x1b') == std::string::npos);
    CHECK_THAT(message, Contains(path + ": ") && Contains("unknown key") && Contains("\\x1b[31mx"));
  }
}

TEST_CASE("a seed must be a whole number from 0 to 2^64 - 1", "[config]") {
  std::string path;
  SECTION("the largest seed is read") {
    TempDir dir;
    path = dir.write("run.json", with(base_run(), kTraining, R"("training": {"epochs": 100, "seed": 18446744073709551615})"));
    CHECK(tinynn::load_run_file(path).training.seed == 18446744073709551615ULL);
  }
  SECTION("a negative seed") {
    check_message(load_error(with(base_run(), kTraining, R"("training": {"epochs": 100, "seed": -1})"), path),
                  {path + ": ", "/training/seed: ", "0 to 18446744073709551615", "found number -1"});
  }
  SECTION("a seed of 2^64 is one too large, and the message gives the real range") {
    check_message(load_error(with(base_run(), kTraining, R"("training": {"epochs": 100, "seed": 18446744073709551616})"), path),
                  {path + ": ", "/training/seed: ", "from 0 to 18446744073709551615"});
  }
  SECTION("a seed written 1e3 is 1000") {
    TempDir dir;
    path = dir.write("run.json", with(base_run(), kTraining, R"("training": {"epochs": 100, "seed": 1e3})"));
    CHECK(tinynn::load_run_file(path).training.seed == 1000);
  }
  SECTION("a seed that is not a number") {
    check_message(load_error(with(base_run(), kTraining, R"("training": {"epochs": 100, "seed": "7"})"), path),
                  {path + ": ", "/training/seed: ", "found string \"7\""});
  }
  SECTION("a fractional seed") {
    check_message(load_error(with(base_run(), kTraining, R"("training": {"epochs": 100, "seed": 1.5})"), path),
                  {path + ": ", "/training/seed: ", "found number 1.5"});
  }
}

TEST_CASE("a network with more than 100 million parameters is refused before allocating", "[config]") {
  std::string path;
  // 2 -> 1000000 -> 1000: (2+1)*1e6 + (1e6+1)*1000 = about 1e9 parameters, found at layer 1.
  const std::string layers = R"([
      {"type": "dense", "units": 1000000, "activation": "sigmoid"},
      {"type": "dense", "units": 1000, "activation": "sigmoid"},
      {"type": "dense", "units": 1, "activation": "sigmoid"}
    ])";
  check_message(load_error(with(base_run(), kLayers, layers), path),
                {path + ": ", "/model/layers/1/units: ", "1003001000 parameters up to this layer",
                 "at most 100000000"});
}

// ---- the model ----

TEST_CASE("the layers are checked", "[config]") {
  std::string path;
  SECTION("an empty array") {
    check_message(load_error(with(base_run(), kLayers, "[]"), path),
                  {path + ": ", "/model/layers: ", "at least one layer", "empty array"});
  }
  SECTION("not an array") {
    check_message(load_error(with(base_run(), kLayers, R"({"units": 1})"), path),
                  {path + ": ", "/model/layers: ", "expected an array", "found an object"});
  }
  SECTION("a layer that is not an object") {
    check_message(load_error(with(base_run(), kLayers, "[3, 1]"), path),
                  {path + ": ", "/model/layers/0: ", "expected an object", "found number 3"});
  }
  SECTION("init constant without init_value") {
    check_message(load_error(with(base_run(), R"("units": 3, "activation": "sigmoid")",
                                  R"("units": 3, "activation": "sigmoid", "init": "constant")"),
                             path),
                  {path + ": ", "/model/layers/0: ", "missing required key \"init_value\""});
  }
  SECTION("init_value with xavier_uniform") {
    check_message(load_error(with(base_run(), R"("units": 3, "activation": "sigmoid")",
                                  R"("units": 3, "activation": "sigmoid", "init_value": 0.5)"),
                             path),
                  {path + ": ", "/model/layers/0/init_value: ", "only applies to", "constant",
                   "xavier_uniform"});
  }
  SECTION("an unknown init") {
    check_message(load_error(with(base_run(), R"("units": 3, "activation": "sigmoid")",
                                  R"("units": 3, "activation": "sigmoid", "init": "xavier")"),
                             path),
                  {path + ": ", "/model/layers/0/init: ", "\"xavier\"", "xavier_uniform"});
  }
  SECTION("softmax over 1 unit") {
    check_message(load_error(with(base_run(), R"("units": 1, "activation": "sigmoid")",
                                  R"("units": 1, "activation": "softmax")"),
                             path),
                  {path + ": ", "/model/layers/1/activation: ", "softmax over 1 unit"});
  }
  SECTION("inputs 0") {
    check_message(load_error(with(base_run(), R"("inputs": 2)", R"("inputs": 0)"), path),
                  {path + ": ", "/model/inputs: ", "from 1", "found number 0"});
  }
}

TEST_CASE("init constant with its value is read", "[config]") {
  TempDir dir;
  const auto run = tinynn::load_run_file(dir.write(
      "run.json", with(base_run(), R"("units": 1, "activation": "sigmoid")",
                       R"("units": 1, "activation": "sigmoid", "init": "constant", "init_value": -0.25)")));
  CHECK(run.model.layers[1].init == tinynn::Init::constant);
  CHECK(run.model.layers[1].init_value == -0.25);
  CHECK(run.warnings.empty());  // an output layer of 1 unit has no symmetry to break
}

TEST_CASE("the last layer must fit the loss", "[config]") {
  std::string path;
  SECTION("cross_entropy with a sigmoid last layer") {
    check_message(load_error(with_model(R"([{"units": 3, "activation": "sigmoid"}])", "cross_entropy"),
                             path),
                  {path + ": ", "/model/layers/0/activation: ", "cross_entropy",
                   "must be identity", "found sigmoid", "/loss"});
  }
  SECTION("cross_entropy with 1 unit") {
    check_message(load_error(with_model(R"([{"units": 1, "activation": "identity"}])", "cross_entropy"),
                             path),
                  {path + ": ", "/model/layers/0/units: ", "at least 2", "found 1"});
  }
  SECTION("binary_cross_entropy with an identity last layer") {
    check_message(load_error(with_model(R"([{"units": 1, "activation": "identity"}])",
                                        "binary_cross_entropy"),
                             path),
                  {path + ": ", "/model/layers/0/activation: ", "binary_cross_entropy",
                   "must be sigmoid", "found identity", "bce_with_logits"});
  }
  SECTION("bce_with_logits with a sigmoid last layer") {
    check_message(load_error(with_model(R"([{"units": 1, "activation": "sigmoid"}])", "bce_with_logits"),
                             path),
                  {path + ": ", "/model/layers/0/activation: ", "bce_with_logits",
                   "must be identity", "found sigmoid"});
  }
  SECTION("mse with 3 units") {
    check_message(load_error(with_model(R"([{"units": 2, "activation": "tanh"},
                                            {"units": 3, "activation": "identity"}])",
                                        "mse"),
                             path),
                  {path + ": ", "/model/layers/1/units: ", "mse", "1 unit", "found 3"});
  }
}

TEST_CASE("every loss with a last layer that fits it loads", "[config]") {
  TempDir dir;
  const auto load = [&](const std::string& layers, const std::string& loss) {
    return tinynn::load_run_file(dir.write("run.json", with_model(layers, loss))).loss;
  };
  CHECK(load(R"([{"units": 3, "activation": "identity"}])", "cross_entropy") == tinynn::Loss::cross_entropy);
  CHECK(load(R"([{"units": 1, "activation": "sigmoid"}])", "binary_cross_entropy") ==
        tinynn::Loss::binary_cross_entropy);
  CHECK(load(R"([{"units": 1, "activation": "identity"}])", "bce_with_logits") ==
        tinynn::Loss::bce_with_logits);
  CHECK(load(R"([{"units": 1, "activation": "relu"}])", "mse") == tinynn::Loss::mse);
}

TEST_CASE("a hidden layer with init zeros is a warning, not an error", "[config]") {
  TempDir dir;
  const std::string path = dir.write(
      "run.json", with(base_run(), R"("units": 3, "activation": "sigmoid")",
                       R"("units": 3, "activation": "sigmoid", "init": "zeros")"));
  const tinynn::RunSpec run = tinynn::load_run_file(path);
  CHECK(run.model.layers[0].init == tinynn::Init::zeros);
  REQUIRE(run.warnings.size() == 1);
  check_message(run.warnings[0], {path + ": ", "/model/layers/0/init: ", "zeros", "identical",
                                  "xavier_uniform"});
}

// ---- the data ----

TEST_CASE("the data section is checked", "[config]") {
  std::string path;
  const std::string csv = source_path("tests/data/configs/xor_ok.csv");
  SECTION("an empty path") {
    check_message(load_error(with(base_run(), kData, R"("data": {"train": "", "standardize": false})"), path),
                  {path + ": ", "/data/train: ", "expected a file path, found an empty string"});
  }
  SECTION("test_fraction 1.0") {
    check_message(load_error(with(base_run(), R"("standardize": false)",
                                  R"("standardize": false, "test_fraction": 1.0)"),
                             path),
                  {path + ": ", "/data/test_fraction: ", "up to but not including 1",
                   "found number 1.0"});
  }
  SECTION("test_fraction -0.1") {
    check_message(load_error(with(base_run(), R"("standardize": false)",
                                  R"("standardize": false, "test_fraction": -0.1)"),
                             path),
                  {path + ": ", "/data/test_fraction: ", "found number -0.1"});
  }
  SECTION("a test file and a test_fraction") {
    check_message(load_error(with(base_run(), R"("standardize": false)",
                                  R"("standardize": false, "test": ")" + csv +
                                      R"(", "test_fraction": 0.25)"),
                             path),
                  {path + ": ", "/data/test_fraction: ", "not both"});
  }
  // The pointer is the key that is there (a missing key has no place in the file).
  SECTION("idx with test_images but no test_labels") {
    check_message(load_error(with(base_run(), kData,
                                  R"("data": {"format": "idx", "train_images": "a.gz",
                                     "train_labels": "b.gz", "test_images": "c.gz"})"),
                             path),
                  {path + ": ", "/data/test_images: ", "test_images and test_labels go together"});
  }
  SECTION("idx with test_labels but no test_images") {
    check_message(load_error(with(base_run(), kData,
                                  R"("data": {"format": "idx", "train_images": "a.gz",
                                     "train_labels": "b.gz", "test_labels": "d.gz"})"),
                             path),
                  {path + ": ", "/data/test_labels: ", "test_images and test_labels go together"});
  }
  SECTION("a csv key under idx") {
    check_message(load_error(with(base_run(), kData,
                                  R"("data": {"format": "idx", "train_images": "a.gz",
                                     "train_labels": "b.gz", "train": "x.csv"})"),
                             path),
                  {path + ": ", "/data/train: ", "unknown key \"train\""});
  }
  SECTION("no train file") {
    check_message(load_error(with(base_run(), kData, R"("data": {"standardize": false})"), path),
                  {path + ": ", "/data: ", "missing required key \"train\""});
  }
  SECTION("no data section") {
    check_message(load_error(with(base_run(), kData + ",", ""), path),
                  {path + ": ", "missing required key \"data\""});
  }
}

TEST_CASE("idx data sections are read with their defaults", "[config]") {
  TempDir dir;
  const auto run = tinynn::load_run_file(dir.write(
      "run.json", with(base_run(), kData,
                       R"("data": {"format": "idx", "train_images": "a.gz", "train_labels": "b.gz",
                          "test_images": "c.gz", "test_labels": "d.gz"})")));
  CHECK(run.data.format == "idx");
  CHECK(run.data.train_images == "a.gz");
  CHECK(run.data.train_labels == "b.gz");
  CHECK(run.data.test_images == "c.gz");
  CHECK(run.data.test_labels == "d.gz");
  CHECK(run.data.pixel_scale == 1.0 / 255.0);
  CHECK_FALSE(run.data.standardize);
}

// ---- --set overrides ----

TEST_CASE("overrides given with --set are applied before validation", "[config]") {
  InRepoRoot root;
  const tinynn::RunSpec run =
      tinynn::load_run_file("tests/data/configs/cfg_ok.json",
                            {"training.epochs=5", "optimizer.lr=0.25", "model.layers.0.units=7",
                             "optimizer.type=adam", "training.seed=123456789012",
                             "report.history=h.csv", "data.standardize=true"});
  CHECK(run.training.epochs == 5);
  CHECK(run.optimizer.lr == 0.25);
  CHECK(run.optimizer.type == "adam");
  CHECK(run.optimizer.beta1 == 0.9);
  REQUIRE(run.model.layers.size() == 2);
  CHECK(run.model.layers[0].units == 7);
  CHECK(run.model.layers[1].units == 1);
  CHECK(run.training.seed == 123456789012u);
  CHECK(run.report.history == "h.csv");  // a section the file does not have is created
  CHECK(run.data.standardize);
  // Without overrides the file's own values.
  const tinynn::RunSpec plain = tinynn::load_run_file("tests/data/configs/cfg_ok.json");
  CHECK(plain.training.epochs == 1000);
  CHECK(plain.model.layers[0].units == 3);
}

TEST_CASE("a bad --set value is reported as coming from --set", "[config]") {
  InRepoRoot root;
  const std::string path = "tests/data/configs/cfg_ok.json";
  SECTION("epochs 0") {
    check_message(input_error([&] { tinynn::load_run_file(path, {"training.epochs=0"}); }),
                  {path + ": ", "/training/epochs: ", "found number 0",
                   "(from --set training.epochs=0)"});
  }
  SECTION("lr not a number") {
    check_message(input_error([&] { tinynn::load_run_file(path, {"optimizer.lr=fast"}); }),
                  {path + ": ", "/optimizer/lr: ", "found string \"fast\"",
                   "(from --set optimizer.lr=fast)"});
  }
  SECTION("a whole section replaced") {
    check_message(input_error([&] { tinynn::load_run_file(path, {"optimizer.type=rmsprop"}); }),
                  {path + ": ", "/optimizer/type: ", "\"rmsprop\"", "(from --set optimizer.type=rmsprop)"});
  }
  SECTION("a number no double holds") {
    check_message(input_error([&] { tinynn::load_run_file(path, {"optimizer.lr=1e400"}); }),
                  {"--set optimizer.lr=1e400", "out of the range of a double"});
    // 1e-400 reads as 0 (as in the file itself), which lr refuses.
    check_message(input_error([&] { tinynn::load_run_file(path, {"optimizer.lr=1e-400"}); }),
                  {"/optimizer/lr: ", "found number 0.0", "(from --set optimizer.lr=1e-400)"});
  }
  SECTION("an override that leaves its object incomplete is named") {
    // init constant needs init_value: the error is about the layer, and --set caused it.
    check_message(input_error([&] { tinynn::load_run_file(path, {"model.layers.1.init=constant"}); }),
                  {path + ": ", "/model/layers/1", "init_value", "(after --set model.layers.1.init=constant)"});
  }
  SECTION("an error elsewhere does not blame --set") {
    const std::string message =
        input_error([&] { tinynn::load_run_file(path, {"training.epochs=5", "optimizer.lr=-1"}); });
    check_message(message, {"/optimizer/lr: ", "(from --set optimizer.lr=-1)"});
    CHECK_THAT(message, !Contains("training.epochs"));
  }
}

TEST_CASE("an override whose key cannot be applied is refused", "[config]") {
  InRepoRoot root;
  const std::string path = "tests/data/configs/cfg_ok.json";
  const auto error_of = [&](const std::string& assignment) {
    return input_error([&] { tinynn::load_run_file(path, {assignment}); });
  };
  SECTION("an index out of range") {
    check_message(error_of("model.layers.2.units=5"),
                  {"--set model.layers.2.units=5", "/model/layers", "2 elements", "'2'"});
  }
  SECTION("an index too large for any integer") {
    check_message(error_of("model.layers.99999999999999999999999.units=5"),
                  {"--set model.layers.99999999999999999999999.units=5", "/model/layers",
                   "not an index"});
  }
  SECTION("a key that is not an index into an array") {
    check_message(error_of("model.layers.first.units=5"),
                  {"--set model.layers.first.units=5", "'first' is not an index"});
  }
  SECTION("a key under a number") {
    check_message(error_of("training.epochs.max=5"),
                  {"--set training.epochs.max=5", "/training/epochs", "number 1000", "not an object"});
  }
  SECTION("an empty segment") {
    check_message(error_of("training..epochs=5"), {"--set training..epochs=5", "empty key segment"});
  }
  SECTION("an index with a leading zero") {
    check_message(error_of("model.layers.01.units=5"), {"--set model.layers.01.units=5", "'01' is not an index"});
  }
  SECTION("a value that is not UTF-8") {
    check_message(error_of("training.epochs=\xff"), {"--set training.epochs=\\xff", "not valid UTF-8"});
  }
  SECTION("no '='") {
    check_message(error_of("training.epochs"), {"--set training.epochs", "expected KEY=VALUE"});
  }
  SECTION("no key") {
    check_message(error_of("=5"), {"--set =5", "expected KEY=VALUE"});
  }
  SECTION("an unknown key is an unknown key") {
    check_message(error_of("training.epoch=5"),
                  {path + ": ", "/training/epoch: ", "unknown key \"epoch\"", "did you mean \"epochs\"",
                   "(from --set training.epoch=5)"});
  }
}

TEST_CASE("apply_override parses JSON values and takes bare words as strings", "[config]") {
  using tinynn::json_reader::Json;
  Json doc = Json::parse(R"({"a": {"b": [1, {"c": 2}]}})");
  CHECK(tinynn::json_reader::apply_override(doc, "a.b.1.c=[1,2]") == "/a/b/1/c");
  CHECK(doc["a"]["b"][1]["c"] == Json::parse("[1,2]"));
  CHECK(tinynn::json_reader::apply_override(doc, "a.d=sgd") == "/a/d");
  CHECK(doc["a"]["d"] == "sgd");
  tinynn::json_reader::apply_override(doc, "a.e=\"500\"");
  CHECK(doc["a"]["e"] == "500");
  tinynn::json_reader::apply_override(doc, "a.f=500");
  CHECK(doc["a"]["f"] == 500);
  tinynn::json_reader::apply_override(doc, "a.g=x=y");  // only the first '=' splits
  CHECK(doc["a"]["g"] == "x=y");
  CHECK(tinynn::json_reader::apply_override(doc, "a/b.c~d=1") == "/a~1b/c~0d");
}

// ---- prepare_data ----

namespace {

/// A run over `train` (and `test` if given) with `inputs`, one layer `last_layer` and `loss`.
std::string data_run(const std::string& train, const std::string& test, int inputs,
                     const std::string& last_layer, const std::string& loss,
                     const std::string& extra_data = "") {
  return R"({"format": "tinynn-run", "version": 1,
  "data": {"train": ")" + train + "\"" + (test.empty() ? "" : R"(, "test": ")" + test + "\"") +
         extra_data + R"(},
  "model": {"inputs": )" + std::to_string(inputs) + R"(, "layers": [)" + last_layer + R"(]},
  "loss": ")" + loss + R"(",
  "optimizer": {"type": "sgd", "lr": 0.1},
  "training": {"epochs": 1}
})";
}

std::string prepare_error(const TempDir& dir, const std::string& run_text) {
  const std::string path = dir.write("run.json", run_text);
  const tinynn::RunSpec run = tinynn::load_run_file(path);  // the file itself is valid
  return input_error([&] {
    tinynn::Rng rng(0);
    tinynn::prepare_data(run, rng);
  });
}

}  // namespace

TEST_CASE("prepare_data: the model's inputs must match the data's features", "[config]") {
  TempDir dir;
  const std::string csv = dir.write("three.csv", "a,b,c,y\n1,2,3,0\n4,5,6,1\n");
  const std::string run_text = data_run(csv, "", 2, R"({"units": 1, "activation": "sigmoid"})", "mse");
  const std::string message = prepare_error(dir, run_text);
  check_message(message, {dir.path() + "/run.json: ", "/model/inputs: ", "expects 2 inputs",
                          csv + " has 3 feature columns", "(a, b, c)"});
}

TEST_CASE("prepare_data: cross_entropy labels must be classes 0 to C-1", "[config]") {
  TempDir dir;
  const std::string layer = R"({"units": 3, "activation": "identity"})";
  SECTION("label 3 for 3 units") {
    const std::string csv = dir.write("d.csv", "a,b,label\n0,0,0\n1,0,1\n0,1,2\n1,1,3\n");
    check_message(prepare_error(dir, data_run(csv, "", 2, layer, "cross_entropy")),
                  {csv + ":5: ", "target 'label' is 3", "3 output units", "0, 1, ..., 2"});
  }
  SECTION("label 1.5") {
    const std::string csv = dir.write("d.csv", "a,b,label\n0,0,0\n1,0,1.5\n0,1,2\n");
    check_message(prepare_error(dir, data_run(csv, "", 2, layer, "cross_entropy")),
                  {csv + ":3: ", "is 1.5", "0, 1, ..., 2"});
  }
  SECTION("label -1") {
    const std::string csv = dir.write("d.csv", "a,b,label\n0,0,-1\n");
    check_message(prepare_error(dir, data_run(csv, "", 2, layer, "cross_entropy")),
                  {csv + ":2: ", "is -1"});
  }
  SECTION("a bad label in the test file names the test file") {
    const std::string train = dir.write("train.csv", "a,b,label\n0,0,0\n1,0,1\n");
    const std::string test = dir.write("test.csv", "a,b,label\n0,0,2\n1,0,7\n");
    check_message(prepare_error(dir, data_run(train, test, 2, layer, "cross_entropy")),
                  {test + ":3: ", "is 7"});
  }
  SECTION("labels 0, 1 and 2 are fine") {
    const std::string csv = dir.write("d.csv", "a,b,label\n0,0,0\n1,0,1\n0,1,2\n1,1,2\n");
    const std::string path = dir.write("run.json", data_run(csv, "", 2, layer, "cross_entropy"));
    tinynn::Rng rng(0);
    CHECK(tinynn::prepare_data(tinynn::load_run_file(path), rng).train.size() == 4);
  }
}

TEST_CASE("prepare_data: binary cross-entropy targets must be within [0, 1]", "[config]") {
  TempDir dir;
  const std::string csv = dir.write("d.csv", "a,b,y\n0,0,0\n1,0,2\n");
  SECTION("bce_with_logits") {
    check_message(prepare_error(dir, data_run(csv, "", 2, R"({"units": 1, "activation": "identity"})",
                                              "bce_with_logits")),
                  {csv + ":3: ", "target 'y' is 2", "bce_with_logits", "between 0 and 1"});
  }
  SECTION("binary_cross_entropy") {
    check_message(prepare_error(dir, data_run(csv, "", 2, R"({"units": 1, "activation": "sigmoid"})",
                                              "binary_cross_entropy")),
                  {csv + ":3: ", "is 2", "binary_cross_entropy", "between 0 and 1"});
  }
  SECTION("mse takes any target") {
    const std::string path = dir.write(
        "run.json", data_run(csv, "", 2, R"({"units": 1, "activation": "identity"})", "mse"));
    tinynn::Rng rng(0);
    CHECK(tinynn::prepare_data(tinynn::load_run_file(path), rng).train.y(1, 0) == 2);
  }
}

TEST_CASE("prepare_data: a test file must have the training file's columns", "[config]") {
  TempDir dir;
  const std::string train = dir.write("train.csv", "a,b,y\n0,0,0\n1,0,1\n");
  const std::string layer = R"({"units": 1, "activation": "sigmoid"})";
  SECTION("a different column") {
    const std::string test = dir.write("test.csv", "a,c,y\n0,0,0\n1,1,1\n");
    check_message(prepare_error(dir, data_run(train, test, 2, layer, "mse")),
                  {test + ": ", "(a, c)", "differ", train, "(a, b)"});
  }
  SECTION("the same columns in another order") {
    const std::string test = dir.write("test.csv", "b,a,y\n0,0,0\n1,1,1\n");
    check_message(prepare_error(dir, data_run(train, test, 2, layer, "mse")),
                  {test + ": ", "(b, a)", "differ", train});
  }
  SECTION("the same columns") {
    const std::string test = dir.write("test.csv", "a,b,y\n0,1,1\n1,1,0\n1,0,1\n");
    const std::string path = dir.write("run.json", data_run(train, test, 2, layer, "mse"));
    tinynn::Rng rng(0);
    const auto data = tinynn::prepare_data(tinynn::load_run_file(path), rng);
    CHECK(data.train.size() == 2);
    REQUIRE(data.test.has_value());
    CHECK(data.test->size() == 3);
  }
}

TEST_CASE("prepare_data: a test_fraction split, standardised with training statistics only",
          "[config]") {
  TempDir dir;
  const std::string iris = source_path("datasets/iris.csv");
  const std::string path = dir.write(
      "run.json", data_run(iris, "", 4, R"({"units": 3, "activation": "identity"})", "cross_entropy",
                           R"(, "target": "species", "test_fraction": 0.2, "standardize": true)"));
  const tinynn::RunSpec run = tinynn::load_run_file(path);
  CHECK(run.data.test_fraction == 0.2);
  tinynn::Rng rng(0);
  const tinynn::PreparedData data = tinynn::prepare_data(run, rng);
  REQUIRE(data.train.size() == 120);
  REQUIRE(data.test.has_value());
  REQUIRE(data.test->size() == 30);
  REQUIRE(data.train.features() == 4);
  REQUIRE(data.standardizer.has_value());

  // Every training column has mean 0 and population standard deviation 1.
  for (std::size_t j = 0; j < 4; ++j) {
    double sum = 0;
    for (std::size_t i = 0; i < 120; ++i) sum += data.train.x(i, j);
    const double mean = sum / 120;
    double squares = 0;
    for (std::size_t i = 0; i < 120; ++i) squares += (data.train.x(i, j) - mean) * (data.train.x(i, j) - mean);
    INFO("column " << j << ": mean " << mean << ", sd " << std::sqrt(squares / 120));
    CHECK(std::abs(mean) <= 1e-12);
    CHECK(std::abs(std::sqrt(squares / 120) - 1) <= 1e-12);
  }

  // The same split by hand: the statistics are the training part's, not the whole file's,
  // and the test part went through that same transformation.
  tinynn::Rng same_seed(0);
  const tinynn::Dataset raw = tinynn::load_csv(iris, "species");
  const auto [train, test] = tinynn::train_test_split(raw, 0.2, same_seed);
  const tinynn::Standardizer expected = tinynn::Standardizer::fit(train.x);
  const tinynn::Standardizer whole = tinynn::Standardizer::fit(raw.x);
  bool differs_from_whole = false;
  for (std::size_t j = 0; j < 4; ++j) {
    INFO("column " << j);
    CHECK(data.standardizer->mean(0, j) == expected.mean(0, j));
    CHECK(data.standardizer->scale(0, j) == expected.scale(0, j));
    differs_from_whole = differs_from_whole || data.standardizer->mean(0, j) != whole.mean(0, j);
  }
  CHECK(differs_from_whole);
  const tinynn::Tensor test_x = expected.transform(test.x);
  for (std::size_t i = 0; i < test_x.size(); ++i) {
    INFO("test element " << i);
    CHECK(data.test->x.data()[i] == test_x.data()[i]);
  }
  for (std::size_t i = 0; i < 30; ++i) CHECK(data.test->y(i, 0) == test.y(i, 0));
  CHECK_THAT(data.description, Contains("120 training samples x 4 features"));
  CHECK_THAT(data.description, Contains("30 test samples"));
}

// ---- suggestions ----

TEST_CASE("closest suggests a plausible typo's intended word, and nothing otherwise", "[config]") {
  using tinynn::json_reader::closest;
  CHECK(closest("sigmod", tinynn::activation_names()) == "sigmoid");
  CHECK(closest("epoch", {"epochs", "batch_size", "shuffle", "seed"}) == "epochs");
  CHECK(closest("zzz", tinynn::activation_names()).empty());
  CHECK(closest("zzz", {"epochs", "batch_size", "shuffle", "seed"}).empty());
  CHECK(closest("cross_entropi", tinynn::loss_names()) == "cross_entropy");
  // "unit" is one edit from both: the tie goes to the longer common prefix, in either order.
  CHECK(closest("unit", {"type", "units", "activation", "init"}) == "units");
  CHECK(closest("unit", {"activation", "init", "type", "units"}) == "units");
  CHECK(closest("relu", {}).empty());
  CHECK(closest("ab", {"lr"}).empty());  // every letter wrong is no typo
}

// ---- the pictures: report.loss_plot and report.boundary_plot ----

TEST_CASE("report.loss_plot and report.boundary_plot are read as SVG file names", "[config][report]") {
  TempDir dir;
  const std::string run = with(base_run(), kTraining,
                               kTraining + R"(, "report": {"loss_plot": "a.svg", "boundary_plot": "out/b.svg"})");
  const tinynn::RunSpec spec = tinynn::load_run_file(dir.write("run.json", run));
  CHECK(spec.report.loss_plot == "a.svg");
  CHECK(spec.report.boundary_plot == "out/b.svg");
  // The ending in any case (B.SVG is an SVG file too).
  const std::string upper = with(base_run(), kTraining, kTraining + R"(, "report": {"loss_plot": "A.SVG"})");
  CHECK(tinynn::load_run_file(dir.write("upper.json", upper)).report.loss_plot == "A.SVG");
  // Neither by default.
  const tinynn::RunSpec plain = tinynn::load_run_file(dir.write("plain.json", base_run()));
  CHECK(plain.report.loss_plot.empty());
  CHECK(plain.report.boundary_plot.empty());
}

TEST_CASE("report.loss_plot and report.boundary_plot are checked", "[config][report]") {
  std::string path;
  const auto report = [](const std::string& inside) {
    return with(base_run(), kTraining, kTraining + R"(, "report": {)" + inside + "}");
  };
  SECTION("an empty history name is a mistake, not 'no history'") {
    check_message(load_error(report(R"("history": "")"), path),
                  {path + ": ", "/report/history: ", "expected a file name, found an empty string",
                   "leave the key out for no history"});
  }
  SECTION("a number is not a file name") {
    check_message(load_error(report(R"("loss_plot": 5)"), path),
                  {path + ": ", "/report/loss_plot: ", "expected a string", "found number 5"});
  }
  SECTION("a name that is not .svg") {
    check_message(load_error(report(R"("loss_plot": "loss.csv")"), path),
                  {path + ": ", "/report/loss_plot: ", "expected the name of an SVG file, ending in .svg",
                   "found string \"loss.csv\""});
    check_message(load_error(report(R"("boundary_plot": ".svg")"), path),
                  {"/report/boundary_plot: ", "ending in .svg", "found string \".svg\""});
    check_message(load_error(report(R"("boundary_plot": "")"), path), {"/report/boundary_plot: ", "found string \"\""});
  }
  SECTION("a boolean, as an older idea of the key had it") {
    check_message(load_error(report(R"("loss_plot": true)"), path), {"/report/loss_plot: ", "expected a string", "found true"});
  }
  SECTION("a typo of the key") {
    check_message(load_error(report(R"("loss_plto": "a.svg")"), path),
                  {"/report/loss_plto: ", "unknown key", "did you mean \"loss_plot\""});
  }
  SECTION("a boundary needs a model with 2 inputs") {
    const std::string three = with(report(R"("boundary_plot": "b.svg")"), R"("inputs": 2)", R"("inputs": 3)");
    check_message(load_error(three, path),
                  {path + ": ", "/report/boundary_plot: ", "drawn over exactly 2 inputs, but /model/inputs is 3"});
  }
  SECTION("set from the command line") {
    TempDir dir;
    const std::string file = dir.write("run.json", base_run());
    check_message(input_error([&] { tinynn::load_run_file(file, {"report.loss_plot=x.png"}); }),
                  {"/report/loss_plot: ", "ending in .svg", "(from --set report.loss_plot=x.png)"});
  }
}
