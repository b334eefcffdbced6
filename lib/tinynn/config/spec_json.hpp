// JSON ⇄ ModelSpec, shared by run files (config/) and model files (io/). Internal: includes
// nlohmann/json.hpp through json_reader.hpp.
#pragma once

#include "tinynn/config/json_reader.hpp"
#include "tinynn/config/run_spec.hpp"

namespace tinynn {

/// Read {"inputs": N, "layers": [{"type": "dense", "units": U, "activation": A, "init": I}]}.
/// Model-only checks (sizes, names); the loss-dependent checks are in check_model_for_loss.
ModelSpec read_model_spec(const json_reader::Object& model);

/// The same object, for writing into a model file.
json_reader::Json model_spec_to_json(const ModelSpec& spec);

/// Does the last layer fit the loss? (e.g. cross_entropy wants identity logits, ≥ 2 units).
/// `model_pointer` is where the model object sits ("/model"), `loss_pointer` the loss's.
void check_model_for_loss(const ModelSpec& spec, Loss loss, const json_reader::Source& src,
                          const std::string& model_pointer, const std::string& loss_pointer);

}  // namespace tinynn
