// open_run (apps/tinynn/run_session.hpp): what every command that starts from a run file
// (train, validate, explain, graph) sees: the validated run, its seeded streams, its data,
// and its network, freshly initialised or with a model file's weights.
#include "cli_helpers.hpp"
#include "helpers.hpp"
#include "run_session.hpp"  // apps/tinynn/, in the tinynn_commands library

using Catch::Matchers::Contains;
using namespace tinynn;
using cli::open_run;
using test::check_all_close;
using test::check_message;
using test::input_error;
using test::InRepoRoot;
using test::source_path;
using test::TempDir;

namespace {

const std::string kRun = "tests/data/explain/xor_231.json";
const std::string kWeights = "tests/data/explain/n02.model.json";

std::vector<Tensor> values_of(const Sequential& net) {
  std::vector<Tensor> out;
  for (const auto& [name, p] : net.named_parameters()) out.push_back(p.value());
  return out;
}

}  // namespace

TEST_CASE("open_run: the run, its data and the seeded initial network, the same every time",
          "[run_session]") {
  InRepoRoot root;
  const cli::RunSession a = open_run("apps/configs/xor.json", {});
  CHECK(a.run.file == "apps/configs/xor.json");
  CHECK(a.data.train.size() == 4);
  CHECK_FALSE(a.data.test.has_value());
  check_all_close(a.data.train.x, {0, 0, 0, 1, 1, 0, 1, 1}, 0, 0);
  REQUIRE(a.model.size() == 2);
  CHECK(a.model.parameter_count() == 17);

  // The initial weights are build_model's from the seed's own init stream: what train starts
  // from (and not the split's or the shuffle's stream).
  cli::Streams streams(0);
  const Sequential expected = build_model(a.run.model, streams.init);
  const std::vector<Tensor> got = values_of(a.model), want = values_of(expected);
  REQUIRE(got.size() == 4);
  for (std::size_t i = 0; i < got.size(); ++i) CHECK((got[i] == want[i]));
  CHECK(got[0](0, 0) != 0.0);
  const cli::RunSession again = open_run("apps/configs/xor.json", {});
  CHECK((values_of(again.model)[0] == got[0]));

  // Another seed, through --set: other weights; the streams differ from each other.
  const cli::RunSession other = open_run("apps/configs/xor.json", {"training.seed=1"});
  CHECK(other.run.training.seed == 1);
  CHECK_FALSE((values_of(other.model)[0] == got[0]));
  cli::Streams s(0);
  const std::uint64_t i = s.init.next_u64(), sp = s.split.next_u64(), sh = s.shuffle.next_u64();
  CHECK(i != sp);
  CHECK(sp != sh);
}

TEST_CASE("open_run: --set overrides, and a model file's weights replace the initialisation",
          "[run_session]") {
  InRepoRoot root;
  const cli::RunSession set = open_run(kRun, {"training.batch_size=2", "optimizer.lr=0.25"});
  CHECK(set.run.training.batch_size == 2);
  CHECK(set.run.optimizer.lr == 0.25);

  const cli::RunSession s = open_run(kRun, {}, kWeights);
  const std::vector<Tensor> w = values_of(s.model);
  REQUIRE(w.size() == 4);
  check_all_close(w[0], {0.15, 0.35, -0.55, -0.25, 0.45, 0.65}, 0, 0);  // N02's W1ᵀ, exactly
  check_all_close(w[1], {0.1, -0.2, 0.3}, 0, 0);
  check_all_close(w[2], {0.4, -0.6, 0.8}, 0, 0);
  check_all_close(w[3], {-0.05}, 0, 0);
  // The data is still the run's (the model file's features are not consulted for it).
  CHECK(s.data.train.size() == 4);
}

TEST_CASE("open_run: a model file of another network, or a bad file, is an InputError naming both",
          "[run_session]") {
  InRepoRoot root;
  // Units: xor.json is 2-4-1, the model file 2-3-1.
  check_message(input_error([&] { open_run("apps/configs/xor.json", {}, kWeights); }),
                {kWeights, "its layer 0's units is 3, but apps/configs/xor.json has 4",
                 "the weights must come from a model of the same network"});
  check_message(input_error([&] { open_run(kRun, {"model.layers.0.activation=tanh"}, kWeights); }),
                {kWeights, "layer 0's activation is sigmoid, but " + kRun + " has tanh"});
  check_message(input_error([&] { open_run(kRun, {"loss=binary_cross_entropy"}, kWeights); }),
                {"its loss is mse, but " + kRun + " has binary_cross_entropy"});
  check_message(input_error([&] {
                  open_run(kRun,
                           {R"(model.layers=[{"units": 3, "activation": "sigmoid"}, {"units": 2, "activation": "sigmoid"}, {"units": 1, "activation": "sigmoid"}])"},
                           kWeights);
                }),
                {"its layer count is 2, but " + kRun + " has 3"});
  // Inputs: a 3-feature run against the 2-input model file.
  const TempDir dir;
  const std::string data = dir.write("three.csv", "a,b,c,y\n0,0,0,0\n0,1,1,1\n1,0,1,1\n1,1,0,0\n");
  std::string run = test::read_text(source_path(kRun));
  run.replace(run.find("datasets/xor.csv"), 16, data);
  run.replace(run.find("\"inputs\": 2"), 11, "\"inputs\": 3");
  const std::string run3 = dir.write("run3.json", run);
  check_message(input_error([&] { open_run(run3, {}, kWeights); }),
                {"its input count is 2, but " + run3 + " has 3"});
  // Not a model file at all, or no file.
  check_message(input_error([&] { open_run(kRun, {}, kRun); }), {kRun});
  check_message(input_error([&] { open_run(kRun, {}, "tests/data/explain/none.model.json"); }),
                {"tests/data/explain/none.model.json"});
  check_message(input_error([&] { open_run("tests/data/explain/none.json", {}); }),
                {"tests/data/explain/none.json"});
}
