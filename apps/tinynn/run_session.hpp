// What every command that works on a run file starts with: the validated run file, its
// seeded random streams, its prepared data, and the network it describes (freshly
// initialised, or with the weights of a model file). train, validate, explain, graph and
// gradcheck all begin here, so they see exactly the same data and the same initial weights.
#pragma once

#include <string>
#include <vector>

#include "tinynn/config/prepare.hpp"
#include "tinynn/config/run_spec.hpp"
#include "tinynn/io/atomic_file.hpp"
#include "tinynn/layers/sequential.hpp"

namespace tinynn::cli {

/// The seed drives every random draw through three streams of its own, so that changing one
/// thing (say, the test fraction) does not change the others (the initial weights).
struct Streams {
  Rng init, split, shuffle;
  explicit Streams(std::uint64_t seed);
};

struct RunSession {
  RunSpec run;
  Streams streams;
  PreparedData data;
  Sequential model;  ///< initialised from streams.init, or from the weights of a model file
};

/// Load and validate `run_path` (with --set `overrides`), print its warnings to stderr,
/// prepare its data and build its network. With a `weights_path` (a model file), the network
/// takes that file's weights instead of its initialisation; the model file's architecture
/// (inputs, every layer's units and activation) and loss must be the run file's, else an
/// InputError names both files and the first difference.
RunSession open_run(const std::string& run_path, const std::vector<std::string>& overrides,
                    const std::string& weights_path = "");

/// Every file a run reads (the run file, its data files), named for messages, for
/// check_outputs: no command may write over one of them.
std::vector<NamedPath> input_files(const RunSpec& run);

}  // namespace tinynn::cli
