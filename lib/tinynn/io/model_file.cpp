// Model files (see model_file.hpp). The JSON layout is documented in README.md, "Model files".
#include "tinynn/io/model_file.hpp"

#include <cmath>

#include "tinynn/config/spec_json.hpp"
#include "tinynn/io/atomic_file.hpp"
#include "tinynn/train/metrics.hpp"

namespace tinynn {

using json_reader::Json;
using json_reader::Object;
using json_reader::Source;
using json_reader::fail;
using OrderedJson = nlohmann::ordered_json;

Tensor TrainedModel::prepare_inputs(const Tensor& raw) const {
  Tensor x = raw;
  if (input_scale != 1.0) x *= input_scale;
  return standardizer ? standardizer->transform(x) : x;
}

namespace {
OrderedJson row_to_json(const Tensor& row) {
  OrderedJson a = OrderedJson::array();
  for (double v : row) a.push_back(v);
  return a;
}

// Read an array of exactly `count` finite numbers (integer tokens such as 4 are accepted).
std::vector<double> read_numbers(const Json& v, const std::string& pointer, const Source& src,
                                 std::size_t count) {
  if (!v.is_array()) fail(src, pointer, "expected an array of numbers, found " + json_reader::describe(v));
  if (v.size() != count) {
    fail(src, pointer, "expected " + std::to_string(count) + " numbers, found " + std::to_string(v.size()));
  }
  std::vector<double> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) out.push_back(json_reader::as_number(v[i], json_reader::child(pointer, i), src));
  return out;
}
}  // namespace

std::string model_to_json(const TrainedModel& m) {
  OrderedJson parameters = OrderedJson::object();
  for (const auto& [name, p] : m.network.named_parameters()) {
    const std::string bad = find_non_finite(p.value());
    if (!bad.empty()) {
      throw InputError("refusing to save a model whose parameter " + name + " is not finite (" +
                       bad + ")");
    }
    // Doubles are written in the shortest form that reads back to the same bits (nlohmann
    // uses Grisu2 with round-trip guarantee): 0.1 stays "0.1", -0.0 stays "-0.0".
    parameters[name] = {{"shape", {p.value().shape(0), p.value().shape(1)}},
                        {"values", row_to_json(p.value())}};
  }
  OrderedJson doc;
  doc["format"] = kModelFormat;
  doc["version"] = kModelVersion;
  // Key order for people: inputs, then layers (model_spec_to_json's json sorts keys).
  doc["model"] = {{"inputs", m.spec.inputs},
                  {"layers", OrderedJson::parse(model_spec_to_json(m.spec)["layers"].dump())}};
  doc["loss"] = to_string(m.loss);
  doc["features"] = m.feature_names;
  doc["target"] = m.target_name;
  doc["input_scale"] = m.input_scale;
  if (m.standardizer) {
    doc["standardize"] = {{"mean", row_to_json(m.standardizer->mean)},
                          {"scale", row_to_json(m.standardizer->scale)}};
  } else {
    doc["standardize"] = nullptr;
  }
  doc["parameters"] = parameters;
  OrderedJson prov = {{"run_file", m.provenance.run_file},
                      {"seed", m.provenance.seed},
                      {"epochs", m.provenance.epochs},
                      {"final_train_loss", m.provenance.final_train_loss}};
  prov["final_test_loss"] = m.provenance.final_test_loss ? OrderedJson(*m.provenance.final_test_loss) : OrderedJson(nullptr);
  prov["tinynn_version"] = m.provenance.tinynn_version;
  doc["provenance"] = prov;
  // Names come from files that were checked to be UTF-8; a run file's own path need not be
  // (it is only provenance): its odd bytes become U+FFFD instead of failing the save.
  return doc.dump(1, ' ', false, OrderedJson::error_handler_t::replace) + "\n";
}

void save_model(const std::string& path, const TrainedModel& model) {
  write_file_atomically(path, model_to_json(model));
}

TrainedModel load_model(const std::string& path) {
  const Source src{path, {}};
  const Json doc = json_reader::parse(json_reader::read_file(path), src, "a tinynn model file, a JSON object");
  const Object top(doc, "", src);
  const std::string format = top.string("format");
  if (format != kModelFormat) {
    fail(src, "/format", "expected \"" + std::string(kModelFormat) + "\", found \"" + format + "\"" +
                             (format == kRunFormat ? " (this is a run file: train it first with 'tinynn train')" : ""));
  }
  const std::int64_t version = top.integer("version", 1, INT32_MAX);
  if (version > kModelVersion) {
    fail(src, "/version", "this model file is version " + std::to_string(version) +
                              ", but this tinynn reads versions 1 to " + std::to_string(kModelVersion) +
                              "; upgrade tinynn to read it");
  }

  TrainedModel m;
  m.spec = read_model_spec(top.object("model"));
  m.loss = *loss_from_string(top.choice("loss", loss_names()));
  check_model_for_loss(m.spec, m.loss, src, "/model", "/loss");

  const Json& features = top.required("features");
  if (!features.is_array() || features.size() != m.spec.inputs) {
    fail(src, "/features", "expected an array of " + std::to_string(m.spec.inputs) +
                               " column names (one per input), found " + json_reader::describe(features) +
                               (features.is_array() ? " of " + std::to_string(features.size()) : ""));
  }
  for (std::size_t i = 0; i < features.size(); ++i) {
    const std::string pointer = json_reader::child("/features", i);
    m.feature_names.push_back(json_reader::as_string(features[i], pointer, src));
    // eval and predict find each input by its name: a name twice would feed one column twice.
    for (std::size_t earlier = 0; earlier < i; ++earlier) {
      if (m.feature_names[earlier] == m.feature_names[i]) {
        fail(src, pointer, "the feature name \"" + m.feature_names[i] + "\" appears twice (also at /features/" +
                               std::to_string(earlier) + "); every input needs its own column");
      }
    }
  }
  m.target_name = top.string("target");
  m.input_scale = top.number("input_scale", 1.0);
  if (!(m.input_scale > 0)) fail(src, "/input_scale", "expected a number > 0");

  const Json& standardize = top.required("standardize");
  if (!standardize.is_null()) {
    const Object st(standardize, "/standardize", src);
    Standardizer s{zeros(1, m.spec.inputs), zeros(1, m.spec.inputs)};
    const auto mean = read_numbers(st.required("mean"), "/standardize/mean", src, m.spec.inputs);
    const auto scale = read_numbers(st.required("scale"), "/standardize/scale", src, m.spec.inputs);
    for (std::size_t j = 0; j < m.spec.inputs; ++j) {
      s.mean(0, j) = mean[j];
      s.scale(0, j) = scale[j];
      if (!(scale[j] > 0)) fail(src, "/standardize/scale/" + std::to_string(j), "expected a number > 0");
    }
    st.finish();
    m.standardizer = s;
  }

  // Build the architecture, then fill every parameter by name, checking shapes exactly.
  Rng unused(0);
  m.network = build_model(m.spec, unused);
  const Object params = top.object("parameters");
  for (const auto& [name, p] : m.network.named_parameters()) {
    const Object entry = params.object(name);
    const std::string ptr = entry.pointer();
    const Json& shape = entry.required("shape");
    const std::size_t rows = p.value().shape(0), cols = p.value().shape(1);
    const bool shape_ok = shape.is_array() && shape.size() == 2 && shape[0].is_number_unsigned() &&
                          shape[1].is_number_unsigned() && shape[0].get<std::size_t>() == rows &&
                          shape[1].get<std::size_t>() == cols;
    if (!shape_ok) {
      fail(src, json_reader::child(ptr, "shape"),
           "expected [" + std::to_string(rows) + ", " + std::to_string(cols) + "] for " + name +
               (name.find("weight") != std::string::npos ? " (W is stored in x out)" : "") +
               ", found " + shape.dump() + "; tinynn never transposes or reshapes weights");
    }
    const auto values = read_numbers(entry.required("values"), json_reader::child(ptr, "values"), src, rows * cols);
    std::copy(values.begin(), values.end(), p.mutable_value().begin());
    entry.finish();
  }
  params.finish();

  const Object prov = top.object("provenance");
  m.provenance.run_file = prov.string("run_file", "");
  m.provenance.seed = prov.seed("seed", 0);
  m.provenance.epochs = prov.integer("epochs", 0, INT64_MAX, 0);
  m.provenance.final_train_loss = prov.number("final_train_loss", 0);
  if (const Json* t = prov.optional("final_test_loss"); t && !t->is_null()) {
    m.provenance.final_test_loss = json_reader::as_number(*t, "/provenance/final_test_loss", src);
  }
  m.provenance.tinynn_version = prov.string("tinynn_version", "");
  prov.finish();
  top.finish();
  return m;
}

}  // namespace tinynn
