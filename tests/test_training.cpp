// End to end: the XOR and logistic-regression lessons, run exactly as the apps run them.
#include <sstream>

#include "helpers.hpp"
#include "lessons/flags.hpp"
#include "lessons/lessons.hpp"

using namespace tinynn;
using namespace tinynn::apps;

TEST_CASE("XOR reaches 4/4 with the default options for seeds 0 to 9", "[training][xor]") {
  for (std::uint64_t seed = 0; seed < 10; ++seed) {
    XorOptions o;
    o.seed = seed;
    std::ostringstream out;
    const XorResult r = train_xor(o, out);
    INFO("seed " << seed << "\n" << out.str());
    CHECK(r.rows_right == 4);
    CHECK(r.final_loss < 0.01);  // the default stop criterion was reached, not the epoch limit
    CHECK(r.epochs_run < o.epochs);
  }
}

TEST_CASE("XOR output: loss at the log interval, then the truth table", "[training][xor]") {
  XorOptions o;
  o.log_every = 100;
  std::ostringstream out;
  const XorResult r = train_xor(o, out);
  const std::string text = out.str();
  CHECK_THAT(text, Catch::Matchers::Contains("seed 0"));
  CHECK_THAT(text, Catch::Matchers::Contains("epoch      1  loss"));
  CHECK_THAT(text, Catch::Matchers::Contains("epoch    100  loss"));
  CHECK_THAT(text, Catch::Matchers::Contains("x1 x2 | target | output | right"));
  CHECK_THAT(text, Catch::Matchers::Contains("4/4 rows right"));
  // The loss falls: the last recorded value is far below the first (0.25 is "all outputs 0.5").
  REQUIRE(r.loss_history.size() > 100);
  CHECK(r.loss_history.front() > 0.2);
  CHECK(r.loss_history.back() < 0.0101);
}

TEST_CASE("XOR with the fused BCE loss learns too", "[training][xor]") {
  XorOptions o;
  o.loss = "bce";
  std::ostringstream out;
  const XorResult r = train_xor(o, out);
  CHECK(r.rows_right == 4);
  CHECK(r.final_loss < 0.01);
}

TEST_CASE("the same seed gives a bit-identical loss history, another seed does not",
          "[training][determinism]") {
  XorOptions o;
  o.stop_loss = 0;
  o.epochs = 300;
  std::ostringstream sink;
  const XorResult a = train_xor(o, sink);
  const XorResult b = train_xor(o, sink);
  o.seed = 1;
  const XorResult c = train_xor(o, sink);
  REQUIRE(a.loss_history.size() == 300);
  CHECK(a.loss_history == b.loss_history);  // exact equality of every double
  CHECK((a.output == b.output));
  CHECK(a.loss_history != c.loss_history);
}

TEST_CASE("XOR rejects bad options and diagnoses divergence", "[training][xor]") {
  std::ostringstream sink;
  XorOptions bad_loss;
  bad_loss.loss = "hinge";
  CHECK_THROWS_AS(train_xor(bad_loss, sink), InputError);
  XorOptions no_hidden;
  no_hidden.hidden = 0;
  CHECK_THROWS_AS(train_xor(no_hidden, sink), InputError);
  // A learning rate of 1e308 sends the weights to ±inf within a step: the loss becomes NaN
  // and training stops with the epoch in the message instead of printing garbage.
  XorOptions huge;
  huge.loss = "bce";
  huge.lr = 1e308;
  CHECK_THROWS_WITH(train_xor(huge, sink), Catch::Matchers::Contains("epoch"));
}

TEST_CASE("logistic regression on breast cancer: test accuracy at least 0.95", "[training][logistic]") {
  LogisticOptions o;
  o.data = test::source_path("datasets/breast_cancer.csv");
  std::ostringstream out;
  const LogisticResult r = train_logistic(o, out);
  INFO(out.str());
  CHECK(r.train_size == 455);
  CHECK(r.test_size == 114);
  CHECK(r.test.accuracy >= 0.95);
  CHECK(r.train.accuracy >= 0.95);
  // Zero init: every p = ½, so the first loss is ln 2 (up to the rounding of a 455-term mean).
  CHECK(r.loss_history.front() == Approx(std::log(2.0)).epsilon(1e-13));
  CHECK(r.final_train_loss < 0.1);
  CHECK(r.final_train_loss < r.loss_history.front());
  CHECK_THAT(out.str(), Catch::Matchers::Contains("epoch   500  train loss"));
  CHECK_THAT(out.str(), Catch::Matchers::Contains("precision"));

  // Same seed, same numbers, bit for bit.
  std::ostringstream again;
  CHECK(train_logistic(o, again).loss_history == r.loss_history);
  CHECK(again.str() == out.str());
}

TEST_CASE("logistic regression refuses a non-binary target and a missing file", "[training][logistic]") {
  std::ostringstream sink;
  LogisticOptions o;
  o.data = test::source_path("datasets/breast_cancer.csv");
  o.target = "mean_radius";  // a real number, not 0/1
  CHECK_THROWS_WITH(train_logistic(o, sink),
                    Catch::Matchers::Contains("breast_cancer.csv:2") &&
                        Catch::Matchers::Contains("0 or 1"));
  o.data = "/nonexistent/file.csv";
  o.target = "";
  CHECK_THROWS_WITH(train_logistic(o, sink), Catch::Matchers::Contains("/nonexistent/file.csv"));
}

// ---- the apps' flag parser ----

namespace {
tinynn::apps::Flags parse(std::vector<std::string> args, const std::vector<std::string>& known,
                          const std::vector<std::string>& switches = {}, std::size_t positional = 0) {
  static std::vector<std::string> storage;
  storage = std::move(args);
  storage.insert(storage.begin(), "prog");
  static std::vector<char*> argv;
  argv.clear();
  for (auto& s : storage) argv.push_back(s.data());
  return tinynn::apps::Flags(static_cast<int>(argv.size()), argv.data(), known, switches, positional);
}
}  // namespace

TEST_CASE("flags: values, inline values, switches, positionals and repeats", "[flags]") {
  const auto f = parse({"--lr", "0.5", "--epochs=7", "--set", "a=1", "--set", "b=2", "--quiet", "run.json"},
                       {"lr", "epochs", "set"}, {"quiet"}, 1);
  CHECK(f.get_double("lr", 0) == 0.5);
  CHECK(f.get_int("epochs", 0, 1, 10) == 7);
  CHECK(f.get_all("set") == std::vector<std::string>{"a=1", "b=2"});
  CHECK(f.has("quiet"));
  CHECK(f.positional() == std::vector<std::string>{"run.json"});
  CHECK_FALSE(f.help());
}

TEST_CASE("flags: every malformed value is an InputError that quotes it", "[flags]") {
  const std::vector<std::string> known = {"lr", "epochs", "seed"};
  CHECK_THROWS_WITH(parse({"--bogus", "1"}, known), Catch::Matchers::Contains("unknown flag --bogus"));
  CHECK_THROWS_WITH(parse({"--lr"}, known), Catch::Matchers::Contains("--lr needs a value"));
  CHECK_THROWS_WITH(parse({"extra"}, known), Catch::Matchers::Contains("unexpected argument 'extra'"));
  CHECK_THROWS_WITH(parse({"--lr", "abc"}, known).get_double("lr", 1),
                    Catch::Matchers::Contains("expected a finite number, got 'abc'"));
  CHECK_THROWS_WITH(parse({"--lr", "1.5x"}, known).get_double("lr", 1), Catch::Matchers::Contains("'1.5x'"));
  CHECK_THROWS_WITH(parse({"--lr", "1e400"}, known).get_double("lr", 1),
                    Catch::Matchers::Contains("'1e400' is out of the range of a double"));
  CHECK_THROWS_WITH(parse({"--lr", "1e-400"}, known).get_double("lr", 1),
                    Catch::Matchers::Contains("'1e-400' is out of the range of a double"));
  CHECK_THROWS_WITH(parse({"--lr", "0"}, known).get_positive("lr", 1),
                    Catch::Matchers::Contains("expected a number > 0, got '0'"));
  CHECK_THROWS_WITH(parse({"--epochs", "10.5"}, known).get_int("epochs", 1, 1, 100),
                    Catch::Matchers::Contains("expected a whole number, got '10.5'"));
  CHECK_THROWS_WITH(parse({"--epochs", "0"}, known).get_int("epochs", 1, 1, 100),
                    Catch::Matchers::Contains("from 1 to 100, got 0"));
  CHECK_THROWS_WITH(parse({"--epochs", "99999999999999999999"}, known).get_int("epochs", 1, 1, 100),
                    Catch::Matchers::Contains("from 1 to 100, got 99999999999999999999"));
  CHECK_THROWS_WITH(parse({"--seed", "-1"}, known).get_seed("seed", 0), Catch::Matchers::Contains("'-1'"));
  CHECK(parse({"--seed", "18446744073709551615"}, known).get_seed("seed", 0) == 18446744073709551615ULL);
}

TEST_CASE("flags: --help wins wherever it stands, even after a malformed flag", "[flags]") {
  CHECK(parse({"--lr", "abc", "--bogus", "--help"}, {"lr"}).help());
  CHECK(parse({"-h", "--bogus"}, {"lr"}).help());
}
