// The JSON run file: read, validate, and turn into a RunSpec (see run_spec.hpp and the
// "Run files" section of README.md, which documents every key).
#include <algorithm>
#include <cmath>
#include <memory>

#include "tinynn/config/spec_json.hpp"
#include "tinynn/optim/adam.hpp"

namespace tinynn {

using json_reader::Json;
using json_reader::Object;
using json_reader::Source;
using json_reader::fail;

namespace {

constexpr std::int64_t kMaxUnits = 1'000'000;
constexpr std::int64_t kMaxEpochs = 1'000'000'000;

void check_format(const Object& top, const char* format, int newest) {
  const std::string found = top.string("format");
  if (found != format) {
    fail(top.source(), "/format",
         std::string("expected \"") + format + "\", found \"" + found + "\"" +
             (found == "tinynn-run" || found == "tinynn-model"
                  ? " (is this the other kind of tinynn file?)"
                  : ""));
  }
  const std::int64_t version = top.integer("version", 1, INT32_MAX);
  if (version > newest) {
    fail(top.source(), "/version",
         "this file is version " + std::to_string(version) + " of " + format +
             ", but this tinynn reads versions 1 to " + std::to_string(newest) +
             "; it was written by a newer tinynn: upgrade tinynn to read it");
  }
}

DataSpec read_data(const Object& data) {
  DataSpec d;
  d.format = data.choice("format", {"csv", "idx"}, "csv");
  if (d.format == "csv") {
    d.train = data.string("train");
    d.test = data.string("test", "");
    d.target = data.string("target", "");
    d.standardize = data.boolean("standardize", true);
  } else {
    d.train_images = data.string("train_images");
    d.train_labels = data.string("train_labels");
    d.test_images = data.string("test_images", "");
    d.test_labels = data.string("test_labels", "");
    if (d.test_images.empty() != d.test_labels.empty()) {
      fail(data.source(), data.pointer(d.test_images.empty() ? "test_labels" : "test_images"),
           "test_images and test_labels go together: give both or neither");
    }
    d.pixel_scale = data.number("pixel_scale", 1.0 / 255.0);
    if (!(d.pixel_scale > 0)) fail(data.source(), data.pointer("pixel_scale"), "expected a number > 0");
    d.standardize = data.boolean("standardize", false);
  }
  const bool has_test_file = d.format == "csv" ? !d.test.empty() : !d.test_images.empty();
  if (const Json* f = data.optional("test_fraction")) {
    d.test_fraction = json_reader::as_number(*f, data.pointer("test_fraction"), data.source());
    if (!(d.test_fraction >= 0 && d.test_fraction < 1)) {
      fail(data.source(), data.pointer("test_fraction"),
           "expected a number from 0 (no test set) up to but not including 1, found " +
               json_reader::describe(*f));
    }
    if (has_test_file && d.test_fraction > 0) {
      fail(data.source(), data.pointer("test_fraction"),
           "give either a test file or a test_fraction of the training data, not both");
    }
  }
  // A path given as "" is a mistake, not "no file".
  using Path = std::pair<const char*, const std::string*>;
  const std::vector<Path> paths =
      d.format == "csv" ? std::vector<Path>{{"train", &d.train}, {"test", &d.test}}
                        : std::vector<Path>{{"train_images", &d.train_images}, {"train_labels", &d.train_labels},
                                            {"test_images", &d.test_images}, {"test_labels", &d.test_labels}};
  for (const auto& [key, value] : paths) {
    if (data.has(key) && value->empty()) {
      fail(data.source(), data.pointer(key), "expected a file path, found an empty string");
    }
  }
  data.finish();
  return d;
}

OptimizerSpec read_optimizer(const Object& o) {
  OptimizerSpec s;
  s.type = o.choice("type", {"sgd", "adam"});
  const auto positive = [&](const char* key, double fallback, bool required) {
    const double v = required ? o.number(key) : o.number(key, fallback);
    if (!(v > 0)) fail(o.source(), o.pointer(key), "expected a number > 0, found " + json_reader::describe(o.required(key)));
    return v;
  };
  const auto unit_interval = [&](const char* key, double fallback) {
    const double v = o.number(key, fallback);
    if (!(v >= 0 && v < 1)) {
      fail(o.source(), o.pointer(key),
           "expected a number in [0, 1), found " + json_reader::describe(o.required(key)));
    }
    return v;
  };
  const std::vector<std::string> sgd_keys = {"type", "lr", "momentum", "nesterov"};
  const std::vector<std::string> adam_keys = {"type", "lr", "beta1", "beta2", "eps"};
  if (s.type == "sgd") {
    s.lr = positive("lr", 0, true);
    s.momentum = unit_interval("momentum", 0.0);
    s.nesterov = o.boolean("nesterov", false);
    if (s.nesterov && s.momentum == 0) {
      fail(o.source(), o.pointer("nesterov"), "Nesterov momentum needs a momentum > 0");
    }
  } else {
    s.lr = positive("lr", 0.001, false);
    s.beta1 = unit_interval("beta1", 0.9);
    s.beta2 = unit_interval("beta2", 0.999);
    s.eps = positive("eps", 1e-8, false);
  }
  // A key of the other optimizer gets a precise message rather than "unknown key".
  const auto& own = s.type == "sgd" ? sgd_keys : adam_keys;
  const auto& other = s.type == "sgd" ? adam_keys : sgd_keys;
  for (const auto& k : other) {
    if (o.has(k) && std::find(own.begin(), own.end(), k) == own.end()) {
      std::string list;
      for (const auto& x : own) list += (list.empty() ? "" : ", ") + x;
      fail(o.source(), o.pointer(k),
           "\"" + k + "\" is not an option of " + s.type + " (its options: " + list + ")");
    }
  }
  o.finish();
  return s;
}

TrainingSpec read_training(const Object& t) {
  TrainingSpec s;
  s.epochs = t.integer("epochs", 1, kMaxEpochs);
  s.batch_size = t.integer("batch_size", 1, INT32_MAX, 0);
  s.shuffle = t.boolean("shuffle", true);
  s.seed = t.seed("seed", 0);
  t.finish();
  return s;
}

ReportSpec read_report(const Object& r) {
  ReportSpec s;
  s.log_every = r.integer("log_every", 0, kMaxEpochs, 0);
  s.history = r.string("history", "");
  if (r.has("history") && s.history.empty()) {
    fail(r.source(), r.pointer("history"), "expected a file name, found an empty string (leave the key out for no history)");
  }
  s.progress = r.choice("progress", {"auto", "always", "never"}, "auto");
  // The pictures are SVG files: a name without .svg is most likely a slip (say, a CSV name).
  for (const auto& [key, field] : {std::pair<const char*, std::string*>{"loss_plot", &s.loss_plot},
                                   {"boundary_plot", &s.boundary_plot}}) {
    *field = r.string(key, "");
    const std::string& v = *field;
    if (r.has(key) && !is_svg_name(v)) {
      fail(r.source(), r.pointer(key),
           "expected the name of an SVG file, ending in .svg, found " + json_reader::describe(r.required(key)));
    }
  }
  r.finish();
  return s;
}

}  // namespace

ModelSpec read_model_spec(const Object& model) {
  ModelSpec m;
  m.inputs = static_cast<std::size_t>(model.integer("inputs", 1, kMaxUnits));
  const Json& layers = model.required("layers");
  std::size_t parameters = 0;
  const std::string layers_ptr = model.pointer("layers");
  if (!layers.is_array()) {
    fail(model.source(), layers_ptr, "expected an array of layers [...], found " + json_reader::describe(layers));
  }
  if (layers.empty()) fail(model.source(), layers_ptr, "expected at least one layer, found an empty array");
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const Object layer(layers[i], json_reader::child(layers_ptr, i), model.source());
    LayerSpec l;
    l.type = layer.choice("type", {"dense"}, "dense");
    l.units = static_cast<std::size_t>(layer.integer("units", 1, kMaxUnits));
    l.activation = *activation_from_string(layer.choice("activation", activation_names()));
    l.init = *init_from_string(layer.choice("init", init_names(), "xavier_uniform"));
    if (l.init == Init::constant) {
      l.init_value = layer.number("init_value");
    } else if (layer.has("init_value")) {
      fail(model.source(), layer.pointer("init_value"),
           "init_value only applies to \"init\": \"constant\" (this layer's init is " +
               to_string(l.init) + ")");
    }
    if (l.activation == Activation::softmax && l.units < 2) {
      fail(model.source(), layer.pointer("activation"),
           "softmax over 1 unit is always 1: use sigmoid for one output, or more units");
    }
    layer.finish();
    // W (in×out) and b (1×out): checked before anything is allocated, so a typo such as
    // 1000000 units is an error here, not an out-of-memory crash in the middle of building.
    const std::size_t fan_in = m.layers.empty() ? m.inputs : m.layers.back().units;
    parameters += (fan_in + 1) * l.units;
    if (parameters > kMaxParameters) {
      fail(model.source(), layer.pointer("units"),
           "the network would have " + std::to_string(parameters) + " parameters up to this layer; tinynn "
           "allows at most " + std::to_string(kMaxParameters) + " (" +
               std::to_string(kMaxParameters * 8 / 1000000) + " MB of weights, before gradients and optimizer state)");
    }
    m.layers.push_back(l);
  }
  model.finish();
  return m;
}

Json model_spec_to_json(const ModelSpec& spec) {
  Json layers = Json::array();
  for (const LayerSpec& l : spec.layers) {
    Json j = {{"type", l.type}, {"units", l.units}, {"activation", to_string(l.activation)},
              {"init", to_string(l.init)}};
    if (l.init == Init::constant) j["init_value"] = l.init_value;
    layers.push_back(j);
  }
  return Json{{"inputs", spec.inputs}, {"layers", layers}};
}

void check_model_for_loss(const ModelSpec& spec, Loss loss, const Source& src,
                          const std::string& model_pointer, const std::string& loss_pointer) {
  const std::size_t last = spec.layers.size() - 1;
  const LayerSpec& out = spec.layers[last];
  const std::string where = json_reader::child(json_reader::child(model_pointer, "layers"), last);
  const auto need = [&](bool ok, const std::string& key, const std::string& what) {
    if (!ok) fail(src, json_reader::child(where, key), what + " (the loss at " + loss_pointer + " is " + to_string(loss) + ")");
  };
  switch (loss) {
    case Loss::mse:
      need(out.units == 1, "units", "mse compares the output with the one target column: the last layer needs 1 unit, found " + std::to_string(out.units));
      break;
    case Loss::binary_cross_entropy:
      need(out.units == 1, "units", "binary_cross_entropy needs 1 output unit (a probability), found " + std::to_string(out.units));
      need(out.activation == Activation::sigmoid, "activation",
           "binary_cross_entropy takes probabilities: the last activation must be sigmoid, found " + to_string(out.activation) +
               " (or use identity with bce_with_logits, which is more stable)");
      break;
    case Loss::bce_with_logits:
      need(out.units == 1, "units", "bce_with_logits needs 1 output unit (a logit), found " + std::to_string(out.units));
      need(out.activation == Activation::identity, "activation",
           "bce_with_logits applies the sigmoid itself: the last activation must be identity, found " + to_string(out.activation));
      break;
    case Loss::cross_entropy:
      need(out.units >= 2, "units", "cross_entropy needs one output unit per class (at least 2), found " + std::to_string(out.units));
      need(out.activation == Activation::identity, "activation",
           "cross_entropy applies the softmax itself: the last activation must be identity, found " + to_string(out.activation));
      break;
  }
}

RunSpec load_run_file(const std::string& path, const std::vector<std::string>& overrides) {
  Source src{path, {}};
  Json doc = json_reader::parse(json_reader::read_file(path), src, "a tinynn run file, a JSON object");
  for (const std::string& assignment : overrides) {
    src.overrides.emplace_back(json_reader::apply_override(doc, assignment), "--set " + assignment);
  }
  const Object top(doc, "", src);
  check_format(top, kRunFormat, kRunVersion);
  top.allow({"description"});
  if (const Json* d = top.optional("description"); d && !d->is_string()) {
    fail(src, "/description", "expected a string, found " + json_reader::describe(*d));
  }

  RunSpec run;
  run.file = path;
  run.data = read_data(top.object("data"));
  run.model = read_model_spec(top.object("model"));
  run.loss = *loss_from_string(top.choice("loss", loss_names()));
  check_model_for_loss(run.model, run.loss, src, "/model", "/loss");
  run.optimizer = read_optimizer(top.object("optimizer"));
  run.training = read_training(top.object("training"));
  if (const Json* r = top.optional("report")) run.report = read_report(Object(*r, "/report", src));
  top.finish();
  if (!run.report.boundary_plot.empty() && run.model.inputs != 2) {
    fail(src, "/report/boundary_plot",
         "a decision boundary is drawn over exactly 2 inputs, but /model/inputs is " +
             std::to_string(run.model.inputs));
  }

  // Legal but suspicious: a hidden layer whose units all start equal stays symmetric forever.
  for (std::size_t i = 0; i + 1 < run.model.layers.size(); ++i) {
    const LayerSpec& l = run.model.layers[i];
    if ((l.init == Init::zeros || l.init == Init::constant) && l.units > 1) {
      run.warnings.push_back(path + ": /model/layers/" + std::to_string(i) + "/init: " +
                             to_string(l.init) + " makes the " + std::to_string(l.units) +
                             " units of this hidden layer identical, and gradient descent keeps "
                             "them identical (they can never differ); use xavier_uniform");
    }
  }
  return run;
}

std::string read_format_name(const std::string& path) {
  const Source src{path, {}};
  const Json doc = json_reader::parse(json_reader::read_file(path), src, "a tinynn JSON file");
  if (!doc.is_object() || !doc.contains("format") || !doc["format"].is_string()) {
    fail(src, "/format", "missing: expected \"tinynn-run\" (a run file) or \"tinynn-model\" (a model file)");
  }
  return doc["format"].get<std::string>();
}

Sequential build_model(const ModelSpec& spec, Rng& rng) {
  Sequential net;
  std::size_t in = spec.inputs;
  for (const LayerSpec& l : spec.layers) {
    net.emplace<Dense>(in, l.units, l.activation, rng, l.init, l.init_value);
    in = l.units;
  }
  return net;
}

std::unique_ptr<Optimizer> build_optimizer(const OptimizerSpec& spec, std::vector<Var> params) {
  if (spec.type == "adam") {
    return std::make_unique<Adam>(std::move(params), spec.lr, spec.beta1, spec.beta2, spec.eps);
  }
  return std::make_unique<Sgd>(std::move(params), spec.lr, spec.momentum, spec.nesterov);
}

}  // namespace tinynn
