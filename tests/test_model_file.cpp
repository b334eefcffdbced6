// Model files: save → load gives back every double bit for bit (reference case D01) and the
// same forward pass; weights are never transposed (T03); saving refuses NaN/Inf and never
// leaves a half-written or temporary file; every malformed model file is refused with the file
// and the JSON Pointer; the text is deterministic.
#include "helpers.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

using Catch::Matchers::Contains;
using tinynn::InputError;
using tinynn::IoError;
using tinynn::Tensor;
using tinynn::test::TempDir;
using OrderedJson = nlohmann::ordered_json;

namespace {

// Reference case D01's 15 values, copied from the shared reference cases (the test never reads
// them at run time), as decimal text and as the reference's hex: the hex literals are the exact
// doubles, so the decimal ones are checked against them below.
const std::vector<double> kD01 = {0.1,
                                  0.3333333333333333,
                                  2.2,
                                  -36.973846435546875,
                                  1e+23,
                                  1.0000000000000001e+23,
                                  42.23,
                                  0.30000000000000004,
                                  5e-324,
                                  2.2250738585072014e-308,
                                  1.7976931348623157e+308,
                                  -0.0,
                                  3.720075976020836e-44,
                                  0.15,
                                  4.0};
const std::vector<double> kD01Hex = {0x1.999999999999ap-4,    0x1.5555555555555p-2,
                                     0x1.199999999999ap+1,    -0x1.27ca700000000p+5,
                                     0x1.52d02c7e14af6p+76,   0x1.52d02c7e14af7p+76,
                                     0x1.51d70a3d70a3dp+5,    0x1.3333333333334p-2,
                                     0x0.0000000000001p-1022, 0x1.0000000000000p-1022,
                                     0x1.fffffffffffffp+1023, -0x0.0p+0,
                                     0x1.a8c1f14e2af5dp-145,  0x1.3333333333333p-3,
                                     0x1.0000000000000p+2};

std::uint64_t bits_of(double v) {
  std::uint64_t b = 0;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

std::string hex_of(double v) {
  std::ostringstream s;
  s << std::hex << bits_of(v) << " (" << std::hexfloat << v << ")";
  return s.str();
}

/// Every element of got has exactly the bits of expected (so -0.0 ≠ 0.0, and NaN = NaN).
void check_same_bits(const Tensor& got, const Tensor& expected) {
  REQUIRE(got.shape(0) == expected.shape(0));
  REQUIRE(got.shape(1) == expected.shape(1));
  for (std::size_t i = 0; i < got.size(); ++i) {
    INFO("element " << i << ": got " << hex_of(got.data()[i]) << ", expected "
                    << hex_of(expected.data()[i]));
    CHECK(bits_of(got.data()[i]) == bits_of(expected.data()[i]));
  }
}

void check_same_bits(const Tensor& got, const std::vector<double>& expected) {
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    INFO("element " << i << ": got " << hex_of(got.data()[i]) << ", expected "
                    << hex_of(expected[i]));
    CHECK(bits_of(got.data()[i]) == bits_of(expected[i]));
  }
}

tinynn::Var parameter_named(const tinynn::Sequential& net, const std::string& name) {
  for (const auto& [n, p] : net.named_parameters()) {
    if (n == name) return p;
  }
  FAIL("no parameter " << name);
  return {};
}

void set_values(const tinynn::Sequential& net, const std::string& name, const std::vector<double>& v) {
  Tensor& t = parameter_named(net, name).mutable_value();
  REQUIRE(t.size() == v.size());
  std::copy(v.begin(), v.end(), t.begin());
}

tinynn::LayerSpec layer(std::size_t units, tinynn::Activation act) {
  tinynn::LayerSpec l;
  l.units = units;
  l.activation = act;
  return l;
}

/// D01's model: one Dense 3→5 (identity, for cross_entropy) whose W (3×5, row-major) holds the
/// 15 values, with a standardizer and provenance of awkward doubles too.
tinynn::TrainedModel d01_model() {
  tinynn::TrainedModel m;
  m.spec.inputs = 3;
  m.spec.layers = {layer(5, tinynn::Activation::identity)};
  m.loss = tinynn::Loss::cross_entropy;
  tinynn::Rng rng(7);
  m.network = tinynn::build_model(m.spec, rng);
  set_values(m.network, "0.weight", kD01);
  set_values(m.network, "0.bias", {0.5, -0.25, 1e-300, 3.0, -7.0});
  m.feature_names = {"a", "b", "c"};
  m.target_name = "class";
  m.input_scale = 1.0;
  m.standardizer = tinynn::Standardizer{tinynn::from_rows({{0.1, -0.0, 1e23}}),
                                        tinynn::from_rows({{1.7976931348623157e+308, 5e-324,
                                                            0.3333333333333333}})};
  m.provenance.run_file = "runs/d01.json";
  m.provenance.seed = std::numeric_limits<std::uint64_t>::max();
  m.provenance.epochs = 1234;
  m.provenance.final_train_loss = 0.30000000000000004;
  m.provenance.final_test_loss = 2.2250738585072014e-308;
  return m;
}

/// A two-layer model without a standardizer, and a constant init with its value.
tinynn::TrainedModel two_layer_model() {
  tinynn::TrainedModel m;
  m.spec.inputs = 2;
  tinynn::LayerSpec hidden = layer(4, tinynn::Activation::tanh);
  hidden.init = tinynn::Init::constant;
  hidden.init_value = 0.25;
  m.spec.layers = {hidden, layer(1, tinynn::Activation::sigmoid)};
  m.loss = tinynn::Loss::binary_cross_entropy;
  tinynn::Rng rng(3);
  m.network = tinynn::build_model(m.spec, rng);
  set_values(m.network, "0.weight", {0.5, -1.5, 2.5, 1e-9, -0.0, 3.0, 7.125, -2.0});
  m.feature_names = {"x1", "x2"};
  m.target_name = "y";
  m.input_scale = 0.5;
  m.provenance.run_file = "xor.json";
  m.provenance.seed = 0;
  m.provenance.epochs = 10;
  m.provenance.final_train_loss = 0.125;
  return m;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> files_in(const std::string& folder) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(folder)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

template <class E, class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  FAIL("expected an exception, nothing was thrown");
  return "";
}

void check_message(const std::string& message, std::initializer_list<std::string> parts) {
  INFO("message: " << message);
  for (const std::string& part : parts) CHECK_THAT(message, Contains(part));
}

Tensor forward(tinynn::Sequential& net, const Tensor& x) {
  tinynn::NoGradGuard no_grad;
  return net.forward(tinynn::constant(x)).value();
}

const Tensor kInputs = tinynn::from_rows({{1, -2, 0.5}, {1e-3, 3.25, -1}, {0, 0, 0}, {-0.0, 1e-310, 2}});

}  // namespace

TEST_CASE("D01: the test's values are the reference's exact doubles", "[io]") {
  REQUIRE(kD01.size() == 15);
  check_same_bits(tinynn::from_rows({kD01}), kD01Hex);
  CHECK(std::signbit(kD01[11]));
  CHECK(std::fpclassify(kD01[8]) == FP_SUBNORMAL);
}

TEST_CASE("D01: save then load gives every weight back bit for bit, and the same forward pass",
          "[io]") {
  TempDir dir;
  tinynn::TrainedModel model = d01_model();
  const std::string path = dir.path() + "/d01.model.json";
  tinynn::save_model(path, model);
  CHECK(files_in(dir.path()) == std::vector<std::string>{"d01.model.json"});  // no temp file left

  tinynn::TrainedModel loaded = tinynn::load_model(path);
  const Tensor& w = parameter_named(loaded.network, "0.weight").value();
  REQUIRE(w.shape(0) == 3);
  REQUIRE(w.shape(1) == 5);
  check_same_bits(w, kD01Hex);
  CHECK(std::signbit(w(2, 1)));                              // -0.0 kept its sign
  CHECK(std::fpclassify(w(1, 3)) == FP_SUBNORMAL);           // 5e-324 is still a denormal
  check_same_bits(parameter_named(loaded.network, "0.bias").value(),
                  parameter_named(model.network, "0.bias").value());

  // The reloaded network computes exactly what the original did, compared as bit patterns.
  const Tensor before = forward(model.network, kInputs);
  const Tensor after = forward(loaded.network, kInputs);
  check_same_bits(after, before);
  check_same_bits(loaded.prepare_inputs(kInputs), model.prepare_inputs(kInputs));

  // The text holds the shortest round-trip forms, not 15 or 16 digits.
  const std::string text = read_all(path);
  CHECK_THAT(text, Contains("1.0000000000000001e+23"));
  CHECK_THAT(text, Contains("-36.973846435546875"));
  CHECK_THAT(text, Contains("5e-324"));
  CHECK_THAT(text, Contains("-0.0"));
  CHECK_THAT(text, Contains("0.30000000000000004"));
}

TEST_CASE("the loader accepts an integer token for a weight", "[io]") {
  TempDir dir;
  const tinynn::TrainedModel model = d01_model();
  const std::string text = tinynn::model_to_json(model);
  // The last weight, 4.0, follows 0.15: write it as the integer token 4.
  const std::regex last_weight(R"(0\.15,(\s*)4\.0)");
  REQUIRE(std::regex_search(text, last_weight));
  const std::string edited = std::regex_replace(text, last_weight, "0.15,$014");
  REQUIRE(edited != text);
  REQUIRE(std::regex_search(edited, std::regex(R"(0\.15,\s*4\s*\])")));
  const std::string path = dir.write("int.model.json", edited);
  const tinynn::TrainedModel loaded = tinynn::load_model(path);
  check_same_bits(parameter_named(loaded.network, "0.weight").value(), kD01Hex);
}

namespace {

/// T03's layer as tinynn stores it: 3 inputs → 2 units, W in×out. PyTorch's W (out×in) is
/// [[1, 2, 3], [4, 5, 6]]; tinynn's is its transpose [[1, 4], [2, 5], [3, 6]], stored row-major.
tinynn::TrainedModel t03_model() {
  tinynn::TrainedModel m;
  m.spec.inputs = 3;
  m.spec.layers = {layer(2, tinynn::Activation::identity)};
  m.loss = tinynn::Loss::cross_entropy;
  tinynn::Rng rng(0);
  m.network = tinynn::build_model(m.spec, rng);
  set_values(m.network, "0.weight", {1, 4, 2, 5, 3, 6});
  set_values(m.network, "0.bias", {-14, -31});
  m.feature_names = {"x1", "x2", "x3"};
  m.target_name = "y";
  return m;
}

/// The text of a saved model, parsed for editing (key order kept).
OrderedJson saved_json(const tinynn::TrainedModel& m) { return OrderedJson::parse(tinynn::model_to_json(m)); }

}  // namespace

TEST_CASE("T03: a 3-to-2 layer reads its weights row-major in x out", "[io]") {
  TempDir dir;
  const std::string path = dir.path() + "/t03.model.json";
  tinynn::save_model(path, t03_model());
  const OrderedJson doc = OrderedJson::parse(read_all(path));
  CHECK(doc["parameters"]["0.weight"]["shape"] == OrderedJson::parse("[3, 2]"));
  CHECK(doc["parameters"]["0.weight"]["values"] == OrderedJson::parse("[1.0, 4.0, 2.0, 5.0, 3.0, 6.0]"));
  tinynn::TrainedModel loaded = tinynn::load_model(path);
  // W x = [14, 32]; + b = [0, 1] exactly (column-major reading would give [22, 28] - b).
  const Tensor z = forward(loaded.network, tinynn::from_rows({{1, 2, 3}}));
  REQUIRE(z.size() == 2);
  CHECK(z(0, 0) == 0.0);
  CHECK(z(0, 1) == 1.0);
}

TEST_CASE("T03: a weight stored as [out, in] is a shape error, never transposed", "[io]") {
  TempDir dir;
  OrderedJson doc = saved_json(t03_model());
  doc["parameters"]["0.weight"]["shape"] = {2, 3};  // still 6 values
  const std::string path = dir.write("t03.model.json", doc.dump(1));
  check_message(error_of<InputError>([&] { tinynn::load_model(path); }),
                {path + ": ", "/parameters/0.weight/shape: ", "expected [3, 2]", "found [2,3]",
                 "never transposes"});

  SECTION("a flat shape of 6 is refused too") {
    doc["parameters"]["0.weight"]["shape"] = {6};
    const std::string flat = dir.write("flat.model.json", doc.dump(1));
    check_message(error_of<InputError>([&] { tinynn::load_model(flat); }),
                  {flat + ": ", "/parameters/0.weight/shape: ", "expected [3, 2]"});
  }
}

TEST_CASE("save refuses a NaN or infinite weight and writes nothing", "[io]") {
  TempDir dir;
  const std::string path = dir.path() + "/bad.model.json";
  tinynn::TrainedModel model = t03_model();
  SECTION("NaN in a weight, no file before") {
    parameter_named(model.network, "0.weight").mutable_value()(1, 0) = std::nan("");
    check_message(error_of<InputError>([&] { tinynn::save_model(path, model); }),
                  {"0.weight", "not finite", "nan"});
    CHECK_FALSE(std::filesystem::exists(path));
    CHECK(files_in(dir.path()).empty());
  }
  SECTION("inf in a bias, an existing file is kept byte for byte") {
    const std::string old_content = "{\"format\": \"tinynn-model\", \"old\": true}\n\x01\xff";
    dir.write("bad.model.json", old_content);
    parameter_named(model.network, "0.bias").mutable_value()(0, 1) =
        -std::numeric_limits<double>::infinity();
    check_message(error_of<InputError>([&] { tinynn::save_model(path, model); }),
                  {"0.bias", "not finite", "inf"});
    CHECK(read_all(path) == old_content);
    CHECK(files_in(dir.path()) == std::vector<std::string>{"bad.model.json"});
  }
  SECTION("a finite model replaces the existing file") {
    dir.write("bad.model.json", "old");
    tinynn::save_model(path, model);
    CHECK(read_all(path) == tinynn::model_to_json(model));
    CHECK(files_in(dir.path()) == std::vector<std::string>{"bad.model.json"});
  }
}

TEST_CASE("save into a folder that does not exist is an IoError and leaves nothing", "[io]") {
  TempDir dir;
  const std::string path = dir.path() + "/no_such_folder/m.model.json";
  check_message(error_of<IoError>([&] { tinynn::save_model(path, t03_model()); }),
                {path + ": ", "no_such_folder", "does not exist"});
  CHECK(files_in(dir.path()).empty());

  SECTION("nor over a folder") {
    const std::string folder = dir.path() + "/a_folder";
    std::filesystem::create_directory(folder);
    check_message(error_of<IoError>([&] { tinynn::save_model(folder, t03_model()); }),
                  {folder + ": ", "directory"});
    CHECK(files_in(dir.path()) == std::vector<std::string>{"a_folder"});
    CHECK(files_in(folder).empty());
  }
}

// ---- malformed model files ----

namespace {

/// Save the D01 model, edit its JSON, write it back, and return the load error.
template <class Edit>
std::string load_error_after(const TempDir& dir, Edit&& edit, std::string& path) {
  OrderedJson doc = saved_json(d01_model());
  edit(doc);
  path = dir.write("edited.model.json", doc.dump(1));
  return error_of<InputError>([&] { tinynn::load_model(path); });
}

}  // namespace

TEST_CASE("a model file with a fault is refused with the file and the pointer", "[io]") {
  TempDir dir;
  std::string path;
  SECTION("the unedited file loads") {
    // (so every fault below is the one edit)
    path = dir.write("ok.model.json", saved_json(d01_model()).dump(1));
    CHECK_NOTHROW(tinynn::load_model(path));
  }
  SECTION("a feature name twice") {
    // eval would otherwise feed the one column to both inputs.
    check_message(load_error_after(dir, [](OrderedJson& d) { d["features"][1] = d["features"][0]; }, path),
                  {path + ": ", "/features/1: ", "appears twice (also at /features/0)"});
  }
  SECTION("a missing parameter") {
    check_message(load_error_after(dir, [](OrderedJson& d) { d["parameters"].erase("0.bias"); }, path),
                  {path + ": ", "/parameters: ", "missing required key \"0.bias\""});
  }
  SECTION("an extra parameter") {
    check_message(load_error_after(dir, [](OrderedJson& d) {
                    d["parameters"]["1.weight"] = {{"shape", {5, 1}}, {"values", {1, 2, 3, 4, 5}}};
                  }, path),
                  {path + ": ", "/parameters/1.weight: ", "unknown key \"1.weight\""});
  }
  SECTION("values of the wrong count") {
    check_message(load_error_after(dir, [](OrderedJson& d) {
                    d["parameters"]["0.bias"]["values"].erase(4);
                  }, path),
                  {path + ": ", "/parameters/0.bias/values: ", "expected 5 numbers", "found 4"});
  }
  SECTION("a string among the values") {
    check_message(load_error_after(dir, [](OrderedJson& d) {
                    d["parameters"]["0.weight"]["values"][2] = "2.2";
                  }, path),
                  {path + ": ", "/parameters/0.weight/values/2: ", "expected a number",
                   "found string \"2.2\""});
  }
  SECTION("null among the values (what NaN becomes in JSON)") {
    check_message(load_error_after(dir, [](OrderedJson& d) {
                    d["parameters"]["0.weight"]["values"][7] = nullptr;
                  }, path),
                  {path + ": ", "/parameters/0.weight/values/7: ", "found null"});
  }
  SECTION("a run file") {
    check_message(load_error_after(dir, [](OrderedJson& d) { d["format"] = "tinynn-run"; }, path),
                  {path + ": ", "/format: ", "expected \"tinynn-model\"", "found \"tinynn-run\"",
                   "run file", "train it"});
  }
  SECTION("version 2") {
    check_message(load_error_after(dir, [](OrderedJson& d) { d["version"] = 2; }, path),
                  {path + ": ", "/version: ", "version 2", "reads versions 1 to 1", "upgrade"});
  }
  SECTION("a loss that does not fit the last layer") {
    check_message(load_error_after(dir, [](OrderedJson& d) { d["loss"] = "mse"; }, path),
                  {path + ": ", "/model/layers/0/units: ", "mse", "found 5"});
  }
  SECTION("no standardize") {
    check_message(load_error_after(dir, [](OrderedJson& d) { d.erase("standardize"); }, path),
                  {path + ": ", "missing required key \"standardize\""});
  }
  SECTION("a standardize scale of 0") {
    check_message(load_error_after(dir, [](OrderedJson& d) { d["standardize"]["scale"][1] = 0; }, path),
                  {path + ": ", "/standardize/scale/1: ", "expected a number > 0"});
  }
  SECTION("a standardize mean of the wrong length") {
    check_message(load_error_after(dir, [](OrderedJson& d) { d["standardize"]["mean"].erase(0); }, path),
                  {path + ": ", "/standardize/mean: ", "expected 3 numbers", "found 2"});
  }
  SECTION("features of the wrong count") {
    check_message(load_error_after(dir, [](OrderedJson& d) { d["features"].erase(0); }, path),
                  {path + ": ", "/features: ", "3 column names"});
  }
  SECTION("an unknown top-level key") {
    check_message(load_error_after(dir, [](OrderedJson& d) { d["weights"] = 1; }, path),
                  {path + ": ", "/weights: ", "unknown key \"weights\""});
  }
  SECTION("provenance epochs of 2^63, which no int64 holds") {
    check_message(load_error_after(dir, [](OrderedJson& d) {
                    d["provenance"]["epochs"] = 9223372036854775808.0;
                  }, path),
                  {path + ": ", "/provenance/epochs: ", "expected a whole number"});
  }
  SECTION("malformed JSON names the line") {
    const std::string text = tinynn::model_to_json(d01_model());
    const std::string from = "\"format\": \"tinynn-model\",";
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    // Line 2 loses its comma: the parser stops at the next key, on line 3.
    path = dir.write("broken.model.json",
                     text.substr(0, at) + "\"format\": \"tinynn-model\"" + text.substr(at + from.size()));
    check_message(error_of<InputError>([&] { tinynn::load_model(path); }),
                  {path + ":3:", "JSON syntax error"});
  }
  SECTION("a file that does not exist") {
    path = dir.path() + "/missing.model.json";
    check_message(error_of<InputError>([&] { tinynn::load_model(path); }), {path + ": ", "cannot open"});
  }
  SECTION("an empty file") {
    path = dir.write("empty.model.json", "");
    check_message(error_of<InputError>([&] { tinynn::load_model(path); }), {path + ": ", "empty"});
  }
}

// ---- round trips and determinism ----

TEST_CASE("the standardizer, the spec and the provenance round-trip", "[io]") {
  TempDir dir;
  SECTION("with a standardizer and a test loss") {
    const tinynn::TrainedModel model = d01_model();
    const std::string path = dir.path() + "/m.json";
    tinynn::save_model(path, model);
    const tinynn::TrainedModel loaded = tinynn::load_model(path);
    REQUIRE(loaded.standardizer.has_value());
    check_same_bits(loaded.standardizer->mean, model.standardizer->mean);
    check_same_bits(loaded.standardizer->scale, model.standardizer->scale);
    CHECK(loaded.feature_names == model.feature_names);
    CHECK(loaded.target_name == "class");
    CHECK(loaded.loss == tinynn::Loss::cross_entropy);
    CHECK(loaded.input_scale == 1.0);
    CHECK(loaded.provenance.run_file == "runs/d01.json");
    CHECK(loaded.provenance.seed == std::numeric_limits<std::uint64_t>::max());
    CHECK(loaded.provenance.epochs == 1234);
    CHECK(bits_of(loaded.provenance.final_train_loss) == bits_of(0.30000000000000004));
    REQUIRE(loaded.provenance.final_test_loss.has_value());
    CHECK(bits_of(*loaded.provenance.final_test_loss) == bits_of(2.2250738585072014e-308));
    CHECK(loaded.provenance.tinynn_version == tinynn::kTinynnVersion);
  }
  SECTION("without a standardizer or a test loss: null in the file, absent again when read") {
    const tinynn::TrainedModel model = two_layer_model();
    const std::string path = dir.path() + "/m.json";
    tinynn::save_model(path, model);
    const std::string text = read_all(path);
    CHECK_THAT(text, Contains("\"standardize\": null"));
    CHECK_THAT(text, Contains("\"final_test_loss\": null"));
    const tinynn::TrainedModel loaded = tinynn::load_model(path);
    CHECK_FALSE(loaded.standardizer.has_value());
    CHECK_FALSE(loaded.provenance.final_test_loss.has_value());
    CHECK(loaded.input_scale == 0.5);
    CHECK(loaded.loss == tinynn::Loss::binary_cross_entropy);
    REQUIRE(loaded.spec.layers.size() == 2);
    CHECK(loaded.spec.inputs == 2);
    CHECK(loaded.spec.layers[0].units == 4);
    CHECK(loaded.spec.layers[0].activation == tinynn::Activation::tanh);
    CHECK(loaded.spec.layers[0].init == tinynn::Init::constant);
    CHECK(loaded.spec.layers[0].init_value == 0.25);
    CHECK(loaded.spec.layers[1].units == 1);
    CHECK(loaded.spec.layers[1].activation == tinynn::Activation::sigmoid);
    for (const auto& [name, p] : model.network.named_parameters()) {
      INFO("parameter " << name);
      check_same_bits(parameter_named(loaded.network, name).value(), p.value());
    }
    // And the absent test loss stays absent through a second save.
    CHECK(tinynn::model_to_json(loaded) == text);
  }
}

TEST_CASE("model_to_json is deterministic and a loaded model re-saves byte for byte", "[io]") {
  TempDir dir;
  for (const tinynn::TrainedModel& model : {d01_model(), two_layer_model(), t03_model()}) {
    const std::string text = tinynn::model_to_json(model);
    CHECK(tinynn::model_to_json(model) == text);
    const std::string first = dir.path() + "/first.json";
    const std::string second = dir.path() + "/second.json";
    tinynn::save_model(first, model);
    CHECK(read_all(first) == text);
    const tinynn::TrainedModel loaded = tinynn::load_model(first);
    tinynn::save_model(second, loaded);
    CHECK(read_all(second) == text);
    CHECK(files_in(dir.path()) == std::vector<std::string>{"first.json", "second.json"});
  }
  // A model built the same way from scratch gives the same text too.
  CHECK(tinynn::model_to_json(d01_model()) == tinynn::model_to_json(d01_model()));
  CHECK(tinynn::model_to_json(d01_model()) != tinynn::model_to_json(t03_model()));
}
