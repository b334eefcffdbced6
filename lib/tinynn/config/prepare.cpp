// Data preparation for a run (see prepare.hpp).
#include "tinynn/config/prepare.hpp"

#include <cmath>
#include <filesystem>
#include <sstream>
#include <utility>

#include "tinynn/data/idx.hpp"

namespace tinynn {

namespace {

std::string join(const std::vector<std::string>& names, std::size_t at_most = 8) {
  std::string s;
  for (std::size_t i = 0; i < names.size() && i < at_most; ++i) s += (i ? ", " : "") + names[i];
  if (names.size() > at_most) s += ", ... (" + std::to_string(names.size()) + " in all)";
  return s;
}
}  // namespace

void check_targets(const Tensor& y, Loss loss, std::size_t outputs, const std::string& source,
                   const std::string& target_name, bool csv_lines) {
  const auto where = [&](std::size_t i) {
    return csv_lines ? source + ":" + std::to_string(i + 2) : source + ": label " + std::to_string(i);
  };
  for (std::size_t i = 0; i < y.shape(0); ++i) {
    const double t = y(i, 0);
    if (loss == Loss::cross_entropy) {
      if (t != std::floor(t) || t < 0 || t >= static_cast<double>(outputs)) {
        throw InputError(where(i) + ": target '" + target_name + "' is " + to_text(t) +
                         ", but cross_entropy with " + std::to_string(outputs) +
                         " output units needs a class label 0, 1, ..., " +
                         std::to_string(outputs - 1));
      }
    } else if (loss == Loss::binary_cross_entropy || loss == Loss::bce_with_logits) {
      if (!(t >= 0 && t <= 1)) {
        throw InputError(where(i) + ": target '" + target_name + "' is " + to_text(t) + ", but " +
                         to_string(loss) + " needs targets between 0 and 1");
      }
    }
  }
}

namespace {
// A data file the run names must exist: say which key named it, and how to get a known data
// set that is missing (the loaders' own messages name only the file).
void require_data_files(const RunSpec& run) {
  namespace fs = std::filesystem;
  const DataSpec& d = run.data;
  const std::pair<const char*, const std::string*> files[] = {
      {"/data/train", &d.train},           {"/data/test", &d.test},
      {"/data/train_images", &d.train_images}, {"/data/train_labels", &d.train_labels},
      {"/data/test_images", &d.test_images},   {"/data/test_labels", &d.test_labels}};
  for (const auto& [pointer, path] : files) {
    std::error_code ec;
    if (path->empty() || fs::exists(*path, ec)) continue;
    std::string hint;
    if (path->rfind("/usr/share/datasets/fashion-mnist/", 0) == 0) {
      hint = " (the Fashion-MNIST data set is not installed: run scripts/setup.sh --fashion-mnist)";
    } else if (fs::path(*path).is_relative()) {
      hint = " (relative paths start from the current directory, " + fs::current_path(ec).string() + ")";
    }
    throw InputError(run.file + ": " + pointer + ": the file " + *path + " does not exist" + hint);
  }
}
}  // namespace

PreparedData prepare_data(const RunSpec& run, Rng& rng) {
  const DataSpec& d = run.data;
  require_data_files(run);
  PreparedData out;
  Dataset train;
  std::optional<Dataset> test;
  if (d.format == "csv") {
    train = load_csv(d.train, d.target);
    check_targets(train.y, run.loss, run.model.outputs(), d.train, train.target_name, true);
    if (!d.test.empty()) {
      test = load_csv(d.test, train.target_name);
      if (test->feature_names != train.feature_names) {
        throw InputError(d.test + ": its feature columns (" + join(test->feature_names) +
                         ") differ from the training file " + d.train + "'s (" +
                         join(train.feature_names) + ")");
      }
      check_targets(test->y, run.loss, run.model.outputs(), d.test, test->target_name, true);
    }
  } else {
    train = load_idx(d.train_images, d.train_labels, d.pixel_scale);
    out.input_scale = d.pixel_scale;
    check_targets(train.y, run.loss, run.model.outputs(), d.train_labels, "label", false);
    if (!d.test_images.empty()) {
      test = load_idx(d.test_images, d.test_labels, d.pixel_scale);
      check_targets(test->y, run.loss, run.model.outputs(), d.test_labels, "label", false);
      if (test->features() != train.features()) {
        throw InputError(d.test_images + ": images of " + std::to_string(test->features()) +
                         " pixels, but the training images " + d.train_images + " have " +
                         std::to_string(train.features()));
      }
    }
  }

  if (train.features() != run.model.inputs) {
    throw InputError(run.file + ": /model/inputs: the model expects " +
                     std::to_string(run.model.inputs) + " inputs, but " + train.source + " has " +
                     std::to_string(train.features()) + " feature columns (" +
                     join(train.feature_names) + ")");
  }

  if (!test && d.test_fraction > 0) {
    if (train.size() < 2) {
      throw InputError(train.source + ": " + std::to_string(train.size()) +
                       " sample cannot be split into a training and a test set");
    }
    auto [tr, te] = train_test_split(train, d.test_fraction, rng);
    train = std::move(tr);
    test = std::move(te);
  }

  if (d.standardize) {
    out.standardizer = Standardizer::fit(train.x);
    train.x = out.standardizer->transform(train.x);
    if (test) test->x = out.standardizer->transform(test->x);
  }

  std::ostringstream desc;
  desc << train.size() << (train.size() == 1 ? " training sample x " : " training samples x ") << train.features()
       << (train.features() == 1 ? " feature from " : " features from ")
       << train.source;
  if (test) {
    desc << "; " << test->size() << (test->size() == 1 ? " test sample from " : " test samples from ")
         << (d.test.empty() && d.test_images.empty() ? "a seeded " + to_text(d.test_fraction) + " split" : test->source);
  } else {
    desc << "; no test set";
  }
  desc << (d.standardize ? "; standardised with training statistics" : "");
  out.description = desc.str();
  out.train = std::move(train);
  out.test = std::move(test);
  return out;
}

}  // namespace tinynn
