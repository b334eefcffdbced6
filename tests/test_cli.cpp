// The tinynn command, run as a user runs it: the built binary, from the repository root (run
// files name their data relative to it), with its stdout, stderr and exit status captured.
// Exit status: 0 ok, 1 internal, 2 bad input, 3 diverged, 4 I/O failure.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cli_helpers.hpp"

using tinynn::test::exists;
using tinynn::test::files_in;
using tinynn::test::lines_of;
using tinynn::test::quote;
using tinynn::test::read_text;
using tinynn::test::Result;
using tinynn::test::run_shell;
using tinynn::test::source_path;
using tinynn::test::TempDir;
using tinynn::test::tinynn_cli;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;

namespace fs = std::filesystem;

namespace {

/// The number after `key` on the final-metrics line of `label` ("train", "test", "eval"), e.g.
/// metric(out, "test", "accuracy") from "test  loss 0.045050  accuracy 0.9825  ...".
double metric(const std::string& text, const std::string& label, const std::string& key) {
  for (const std::string& line : lines_of(text)) {
    if (line.rfind(label + " ", 0) != 0) continue;
    const std::size_t at = line.find(" " + key + " ");
    if (at == std::string::npos) continue;
    return std::stod(line.substr(at + key.size() + 2));
  }
  FAIL("no line '" << label << " ... " << key << " X' in:\n" << text);
  return 0;
}

/// The stdout of a training run without the elapsed-seconds column of the epoch lines.
std::string without_seconds(const std::string& text) {
  static const std::regex seconds("\\s+[0-9]+\\.[0-9]+s$");
  std::string out;
  for (const std::string& line : lines_of(text)) out += std::regex_replace(line, seconds, "") + "\n";
  return out;
}

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>((v >> 16) & 0xff),
          static_cast<char>((v >> 8) & 0xff), static_cast<char>(v & 0xff)};
}

void write_gz(const std::string& path, const std::string& content) {
  gzFile gz = gzopen(path.c_str(), "wb");
  REQUIRE(gz != nullptr);
  REQUIRE(gzwrite(gz, content.data(), static_cast<unsigned>(content.size())) ==
          static_cast<int>(content.size()));
  REQUIRE(gzclose(gz) == Z_OK);
}

/// n 4×4 images and their labels as IDX files: label i % 3, and class k has its row k bright
/// (200-255) over a dark noisy background (0-59). Returns {images bytes, labels bytes}.
std::pair<std::string, std::string> idx_pair(std::uint32_t n, std::uint64_t seed) {
  tinynn::Rng rng(seed);
  std::string images = std::string("\0\0\x08\x03", 4) + be32(n) + be32(4) + be32(4);
  std::string labels = std::string("\0\0\x08\x01", 4) + be32(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t label = i % 3;
    labels += static_cast<char>(label);
    for (std::uint32_t r = 0; r < 4; ++r) {
      for (std::uint32_t c = 0; c < 4; ++c) {
        const auto pixel = r == label ? 200 + rng.below(56) : rng.below(60);
        images += static_cast<char>(static_cast<unsigned char>(pixel));
      }
    }
  }
  return {images, labels};
}

}  // namespace

TEST_CASE("tinynn exit status: 0 ok, 2 bad input, 3 diverged, 4 I/O failure", "[cli]") {
  const TempDir dir;
  const std::string out = " --quiet --out " + dir.path() + "/m.json";
  struct Case {
    std::string args;
    int status;
  };
  const std::vector<Case> cases = {
      {"train apps/configs/xor.json" + out, 0},
      {"validate apps/configs/iris.json", 0},
      {"", 2},
      {"frobnicate", 2},
      {"train apps/configs/xor.json --frobnicate" + out, 2},
      {"train" + out, 2},
      {"train tests/data/configs/cfg_lr_negative.json" + out, 2},
      {"train tests/data/configs/cfg_ok.json --set optimizer.lr=1e308 --set model.layers.1.activation=identity" + out, 3},
      {"train apps/configs/xor.json --quiet --out " + dir.path() + "/missing/m.json", 4},
  };
  for (const Case& c : cases) {
    const Result r = tinynn_cli(c.args);
    INFO("tinynn " << c.args << "\n" << r.out << r.err);
    CHECK(r.status == c.status);
    CHECK(r.err.empty() == (c.status == 0));
  }
}

TEST_CASE("tinynn: usage errors exit 2 with one line on stderr", "[cli]") {
  struct Case {
    std::string args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"", "usage: tinynn COMMAND"},
      {"frobnicate", "unknown command 'frobnicate'"},
      {"train apps/configs/xor.json --bogus", "unknown flag --bogus"},
      {"train apps/configs/xor.json --out", "--out"},
      {"train", "train: which run file?"},
      {"train apps/configs/xor.json apps/configs/iris.json", "apps/configs/iris.json"},
      {"validate", "validate: which run file?"},
      {"summary", "summary: which file?"},
      {"summary datasets/xor.csv", "datasets/xor.csv"},
      {"summary no/such/file.json", "no/such/file.json"},
      {"eval", "eval: expected MODEL.json DATA.csv"},
      {"eval apps/configs/xor.json", "eval: expected MODEL.json DATA.csv"},
      {"predict", "predict: expected MODEL.json DATA.csv"},
      {"train apps/configs/xor.json --set nokey", "--set nokey: expected KEY=VALUE"},
      {"train apps/configs/xor.json --out a.json --out b.json", "--out is given 2 times ('a.json', 'b.json'); give it once"},
  };
  for (const Case& c : cases) {
    const Result r = tinynn_cli(c.args);
    INFO("tinynn " << c.args << "\nstdout:\n" << r.out << "stderr:\n" << r.err);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains(c.message));
    CHECK_THAT(r.out, !Contains("model written"));
  }
}

TEST_CASE("tinynn: --help of the tool and of every command exits 0 with the usage", "[cli]") {
  for (const char* args : {"--help", "-h", "help", "train --help", "validate --help", "summary --help",
                           "eval --help", "predict --help", "train apps/configs/xor.json --help", "sigmoid --help",
                           "make-data --help", "boundary --help", "make-data moons --n 0 --help"}) {
    const Result r = tinynn_cli(args);
    INFO("tinynn " << args << "\n" << r.out << r.err);
    CHECK(r.status == 0);
    CHECK_THAT(r.out, StartsWith("usage: tinynn"));
    CHECK(r.err.empty());
  }
  const Result all = tinynn_cli("--help");
  for (const char* command : {"train", "validate", "summary", "eval", "predict", "boundary", "make-data", "sigmoid",
                              "exit status"}) {
    CHECK_THAT(all.out, Contains(command));
  }
  CHECK_THAT(tinynn_cli("train --help").out, Contains("--out MODEL.json") && Contains("--set KEY=VALUE"));
  const Result version = tinynn_cli("--version");
  CHECK(version.status == 0);
  CHECK(version.out == std::string("tinynn ") + tinynn::kTinynnVersion + "\n");
}

TEST_CASE("tinynn: every bad run file in tests/data/configs exits 2 naming the file and the place, "
          "writing nothing",
          "[cli]") {
  // What each message must contain besides the file name (tests/data/configs/README.md).
  const std::map<std::string, std::vector<std::string>> expected = {
      {"cfg_empty.json", {"the file is empty"}},
      {"cfg_trailing_comma.json", {"cfg_trailing_comma.json:5:", "JSON syntax error"}},
      {"cfg_lr_is_string.json", {"/optimizer/lr", "expected a number, found string \"0.1\""}},
      {"cfg_lr_negative.json", {"/optimizer/lr", "expected a number > 0", "-0.5"}},
      {"cfg_layer_size_zero.json", {"/model/layers/0/units", "expected a whole number from 1"}},
      {"cfg_missing_layers.json", {"/model", "missing required key \"layers\""}},
      {"cfg_unknown_activation.json",
       {"/model/layers/1/activation", "\"sigmod\"", "did you mean \"sigmoid\"", "identity, sigmoid"}},
      {"cfg_input_size_mismatch.json", {"/model/inputs", "expects 3 inputs", "xor_ok.csv has 2 feature"}},
  };
  std::vector<std::string> bad;
  for (const std::string& name : files_in(source_path("tests/data/configs"))) {
    if (name.rfind("cfg_", 0) == 0 && name != "cfg_ok.json") bad.push_back(name);
  }
  REQUIRE(bad.size() == expected.size());  // a new bad file needs its expected message here
  for (const std::string& name : bad) {
    INFO(name);
    REQUIRE(expected.count(name) == 1);
    const std::string file = "tests/data/configs/" + name;
    const TempDir dir;
    const std::string model = dir.path() + "/model.json", history = dir.path() + "/history.csv";
    for (const std::string& command : {"train " + file + " --out " + model, "train " + file + " --out " + model +
                                                                        " --set report.history=" + history,
                                      "validate " + file}) {
      const Result r = tinynn_cli(command);
      INFO("tinynn " << command << "\nstdout:\n" << r.out << "stderr:\n" << r.err);
      CHECK(r.status == 2);
      CHECK_THAT(r.err, StartsWith("tinynn: error: " + file));
      for (const std::string& part : expected.at(name)) CHECK_THAT(r.err, Contains(part));
      CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);  // one line
      CHECK_THAT(r.out, !Contains("epoch"));                      // stopped before training
      CHECK(files_in(dir.path()).empty());                        // no model, no history
    }
  }
  // The good one next to them trains.
  const TempDir dir;
  const Result ok = tinynn_cli("train tests/data/configs/cfg_ok.json --quiet --out " + dir.path() + "/ok.json");
  CHECK(ok.status == 0);
  CHECK(exists(dir.path() + "/ok.json"));
}

TEST_CASE("tinynn: a diverging run exits 3 with the epoch, the batch, the cause and a hint, "
          "writing no model",
          "[cli]") {
  const TempDir dir;
  const std::string model = dir.path() + "/model.json";

  SECTION("the outputs overflow: the loss is inf") {
    // cfg_ok's network with a linear output and lr 1e308: the outputs overflow in epoch 2.
    const std::string history = dir.write("history.csv", "an earlier run's history\n");
    const Result r = tinynn_cli("train tests/data/configs/cfg_ok.json --out " + model +
                                " --set optimizer.lr=1e308 --set model.layers.1.activation=identity"
                                " --set report.history=" + history);
    INFO(r.out << r.err);
    CHECK(r.status == 3);
    CHECK_THAT(r.err, StartsWith("tinynn: training diverged: epoch 2, batch 1 of 1: the loss is inf") &&
                          Contains("learning rate (1e+308, /optimizer/lr) may be too high") &&
                          Contains("Nothing was written (no model, no history)"));
    CHECK_FALSE(exists(model));
    CHECK_THAT(r.out, !Contains("model written"));
    // Nothing is written: an earlier run's history is not replaced by the diverged one's.
    CHECK(read_text(history) == "an earlier run's history\n");
  }

  SECTION("a parameter overflows: its name") {
    // One linear unit started at w = b = 1 on one sample x = 1, y = 0: the gradient of both is
    // 2·(w + b) = 4, and 4·1e308 overflows both in the first update.
    dir.write("one.csv", "x,y\n1,0\n");
    const std::string run = dir.write("diverge.json", R"({
      "format": "tinynn-run", "version": 1,
      "data": {"train": ")" + dir.path() + R"(/one.csv", "standardize": false},
      "model": {"inputs": 1, "layers": [{"units": 1, "activation": "identity", "init": "constant", "init_value": 1}]},
      "loss": "mse",
      "optimizer": {"type": "sgd", "lr": 1e308},
      "training": {"epochs": 5}
    })");
    const Result r = tinynn_cli("train " + run + " --out " + model);
    INFO(r.out << r.err);
    CHECK(r.status == 3);
    CHECK_THAT(r.err, Contains("epoch 1, batch 1 of 1") && Contains("0.weight (row 0, column 0 is -inf)") &&
                          Contains("learning rate (1e+308") &&
                          Contains("or the features are not standardised (/data/standardize)"));
    CHECK_FALSE(exists(model));
  }
}

TEST_CASE("tinynn: an output that cannot be written exits 4, before training", "[cli]") {
  const TempDir dir;
  const std::string model = dir.path() + "/model.json";
  struct Case {
    std::string args, message;
  };
  const std::vector<Case> cases = {
      {"--out " + dir.path() + "/missing/model.json", "the folder " + dir.path() + "/missing does not exist"},
      {"--out " + dir.path(), "is a directory"},
      {"--out " + model + " --set report.history=" + dir.path() + "/missing/h.csv",
       "the folder " + dir.path() + "/missing does not exist"},
  };
  for (const Case& c : cases) {
    const Result r = tinynn_cli("train apps/configs/xor.json " + c.args);
    INFO(c.args << "\n" << r.out << r.err);
    CHECK(r.status == 4);
    CHECK_THAT(r.err, StartsWith("tinynn: I/O error: ") && Contains(c.message));
    CHECK_THAT(r.out, !Contains("epoch"));  // found out before training, not after
    CHECK(files_in(dir.path()).empty());    // and no model written by a failed run
  }
  // predict --out into a missing folder.
  REQUIRE(tinynn_cli("train apps/configs/xor.json --quiet --out " + model).status == 0);
  const Result p = tinynn_cli("predict " + model + " datasets/xor.csv --out " + dir.path() + "/missing/p.csv");
  CHECK(p.status == 4);
  CHECK_THAT(p.err, Contains("does not exist"));
}

TEST_CASE("tinynn: an output that would overwrite an input or the other output exits 2, "
          "before training, changing nothing",
          "[cli]") {
  const TempDir dir;
  const std::string run_text = read_text(source_path("apps/configs/xor.json"));
  const std::string data = dir.write("xor.csv", read_text(source_path("datasets/xor.csv")));
  const std::string run_here = dir.write(
      "here.json", std::regex_replace(run_text, std::regex("datasets/xor\\.csv"), data));
  struct Case {
    std::string args, message;
  };
  const std::vector<Case> cases = {
      {"train " + run_here + " --out " + run_here, "--out " + run_here + " is the run file"},
      {"train " + run_here + " --out " + data, "is the training data (/data/train)"},
      {"train " + run_here + " --out " + dir.path() + "/m.json --set report.history=" + data,
       "/report/history " + data + " is the training data"},
      {"train " + run_here + " --out " + dir.path() + "/m.json --set report.history=" + dir.path() + "/m.json",
       "is also --out"},
      {"validate " + run_here + " --set report.history=" + run_here, "/report/history " + run_here + " is the run file"},
  };
  for (const Case& c : cases) {
    const Result r = tinynn_cli(c.args);
    INFO(c.args << "\n" << r.out << r.err);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, StartsWith("tinynn: error: ") && Contains(c.message));
    CHECK_THAT(r.out, !Contains("epoch"));
    CHECK(read_text(run_here).find("\"tinynn-run\"") != std::string::npos);  // inputs intact
    CHECK(read_text(data) == read_text(source_path("datasets/xor.csv")));
    CHECK_FALSE(exists(dir.path() + "/m.json"));
  }
}

TEST_CASE("tinynn: --out to a device, a pipe or a symbolic link writes through it, never replaces it",
          "[cli]") {
  const TempDir dir;
  SECTION("/dev/null stays the null device") {
    const Result r = tinynn_cli("train apps/configs/xor.json --quiet --out /dev/null");
    INFO(r.out << r.err);
    CHECK(r.status == 0);
    CHECK(fs::is_character_file("/dev/null"));
    const Result p = tinynn_cli("predict " + dir.path() + "/none.json datasets/xor.csv --out /dev/null");
    CHECK(p.status == 2);  // (the model does not exist)
    CHECK(fs::is_character_file("/dev/null"));
  }
  SECTION("/dev/stdout writes to our own standard output, a pipe or a file") {
    const std::string model = dir.path() + "/m.json";
    REQUIRE(tinynn_cli("train apps/configs/xor.json --quiet --out " + model).status == 0);
    // Into a pipe (through cat): /proc's link names no file, the descriptor itself is written.
    // ("true; ( ... )": run_shell's redirections then apply to the whole pipeline.)
    const Result piped =
        run_shell("true; ( " + quote(TINYNN_CLI) + " predict " + model + " datasets/xor.csv --out /dev/stdout | cat )");
    INFO(piped.out << piped.err);
    CHECK_THAT(piped.out, StartsWith("prediction\n"));
    CHECK(lines_of(piped.out).size() == 5);
    CHECK_THAT(piped.err, !Contains("error"));
    // Into a file (run_shell's capture): the same bytes, the file not replaced by a rename.
    const Result file = tinynn_cli("predict " + model + " datasets/xor.csv --out /dev/stdout");
    CHECK(file.status == 0);
    CHECK(file.out == piped.out);
    CHECK(fs::is_character_file("/dev/null"));
  }
  SECTION("train --out /dev/stdout: the model alone on stdout, the report on stderr") {
    const Result r = tinynn_cli("train apps/configs/xor.json --out /dev/stdout");
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK_THAT(r.out, StartsWith("{\n \"format\": \"tinynn-model\""));
    CHECK_THAT(r.out, EndsWith("}\n"));
    CHECK_THAT(r.err, Contains("epoch") && Contains("model written to /dev/stdout"));
  }
  SECTION("one training sample is '1 training sample'") {
    const std::string one = dir.write("one.csv", "x1,x2,y\n0,1,1\n");
    const Result r = tinynn_cli("validate apps/configs/xor.json --set data.train=" + one);
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Contains("1 training sample x 2 features from " + one));
  }
  SECTION("an empty --out is a usage error, exit 2") {
    const Result r = tinynn_cli("train apps/configs/xor.json --quiet --out ''");
    INFO(r.out << r.err);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains("'' is not a file name"));
  }
  SECTION("/dev/full is a write error, exit 4") {
    const Result r = tinynn_cli("train apps/configs/xor.json --quiet --out /dev/full");
    INFO(r.out << r.err);
    CHECK(r.status == 4);
    CHECK_THAT(r.err, Contains("/dev/full: writing failed (No space left on device)"));
    CHECK(fs::is_character_file("/dev/full"));
  }
  SECTION("a pipe with a reader gets the content") {
    const std::string fifo = dir.path() + "/pipe";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    // The test is the reader (opened first, so there is no race); XOR's model fits in the
    // pipe's 64 KiB buffer, so the command can finish before we read.
    const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    REQUIRE(reader >= 0);
    const Result r = tinynn_cli("train apps/configs/xor.json --quiet --out " + fifo);
    INFO(r.out << r.err);
    CHECK(r.status == 0);
    std::string got;
    char buf[4096];
    for (ssize_t n; (n = ::read(reader, buf, sizeof buf)) > 0;) got.append(buf, static_cast<std::size_t>(n));
    ::close(reader);
    CHECK(fs::is_fifo(fifo));
    CHECK_THAT(got, Contains("\"format\": \"tinynn-model\""));
  }
  SECTION("a pipe that nobody reads is an error, not a hang") {
    const std::string fifo = dir.path() + "/pipe";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    const Result r = run_shell("timeout 60 " + quote(TINYNN_CLI) + " train apps/configs/xor.json --quiet --out " +
                               quote(fifo));
    INFO(r.out << r.err);
    CHECK(r.status == 4);
    CHECK_THAT(r.err, Contains("a pipe that no process reads"));
    CHECK(fs::is_fifo(fifo));
  }
  SECTION("a symbolic link stays a link; its target gets the model") {
    const std::string target = dir.write("run7.json", "old\n");
    const std::string link = dir.path() + "/latest.json";
    fs::create_symlink("run7.json", link);
    const Result r = tinynn_cli("train apps/configs/xor.json --quiet --out " + link);
    INFO(r.out << r.err);
    CHECK(r.status == 0);
    CHECK(fs::is_symlink(link));
    CHECK_THAT(read_text(target), Contains("\"format\": \"tinynn-model\""));
  }
}

TEST_CASE("tinynn predict --out that names its model or its data exits 2 and changes nothing", "[cli]") {
  const TempDir dir;
  const std::string model = dir.path() + "/m.json";
  REQUIRE(tinynn_cli("train apps/configs/xor.json --quiet --out " + model).status == 0);
  const std::string data = dir.write("x.csv", read_text(source_path("datasets/xor.csv")));
  const std::string model_before = read_text(model), data_before = read_text(data);
  for (const auto& [out, message] : std::vector<std::pair<std::string, std::string>>{
           {data, "is the data"}, {dir.path() + "/../" + fs::path(dir.path()).filename().string() + "/x.csv", "is the data"},
           {model, "is the model file"}}) {
    const Result r = tinynn_cli("predict " + model + " " + data + " --out " + out);
    INFO(out << "\n" << r.out << r.err);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains("--out " + out + " " + message) && Contains("would destroy an input"));
    CHECK(read_text(model) == model_before);
    CHECK(read_text(data) == data_before);
  }
}

TEST_CASE("tinynn: an immutable history file is found before training, and the model is kept", "[cli]") {
  const TempDir dir;
  const std::string model = dir.write("m.json", "an earlier model\n");
  const std::string history = dir.write("h.csv", "an earlier history\n");
  const Result attr = run_shell("chattr +i " + quote(history));
  INFO("chattr +i needs root and ext4 or a similar file system: " << attr.err);
  REQUIRE(attr.status == 0);
  const Result r = tinynn_cli("train apps/configs/xor.json --out " + model + " --set report.history=" + history);
  run_shell("chattr -i " + quote(history));
  INFO(r.out << r.err);
  CHECK(r.status == 4);
  CHECK_THAT(r.err, Contains(history + ": the file exists and cannot be replaced (Operation not permitted)"));
  CHECK_THAT(r.out, !Contains("epoch"));  // before training
  CHECK(read_text(model) == "an earlier model\n");
  CHECK(read_text(history) == "an earlier history\n");
}

TEST_CASE("tinynn: a run file whose name is not UTF-8 still trains, and its model names it with U+FFFD",
          "[cli]") {
  const TempDir dir;
  const std::string run = dir.write("r\xff.json", read_text(source_path("apps/configs/xor.json")));
  const std::string model = dir.path() + "/m.json";
  const Result r = tinynn_cli("train " + quote(run) + " --quiet --out " + model);
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK_THAT(read_text(model), Contains("r\xef\xbf\xbd.json"));  // U+FFFD in UTF-8
  const Result e = tinynn_cli("eval " + model + " datasets/xor.csv");
  CHECK(e.status == 0);
  // One row: "1 sample".
  const std::string one = dir.write("one.csv", "x1,x2,y\n0,1,1\n");
  const Result o = tinynn_cli("eval " + model + " " + one);
  CHECK(o.status == 0);
  CHECK_THAT(o.out, Contains(one + ": 1 sample\n"));
}

TEST_CASE("tinynn: a model and its history are written as a pair, both or neither", "[cli]") {
  const TempDir dir;
  const std::string model = dir.path() + "/m.json", history = dir.path() + "/h.csv";
  const Result r = tinynn_cli("train apps/configs/xor.json --quiet --out " + model +
                              " --set report.history=" + history);
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  CHECK(exists(model));
  CHECK(lines_of(read_text(history)).size() > 1);
  // No temporary file is left behind next to them.
  CHECK(files_in(dir.path()) == std::vector<std::string>{"h.csv", "m.json"});
}

TEST_CASE("tinynn: a test loss that overflows while the parameters are finite exits 3", "[cli]") {
  // One linear unit at w = b = 1 trained on x = 1 with a tiny learning rate stays finite; the
  // test sample x = 1e308 then gives the output 1e308 + 1 and the squared error inf.
  const TempDir dir;
  dir.write("train.csv", "x,y\n1,0\n");
  dir.write("test.csv", "x,y\n1e308,0\n");
  const std::string history = dir.write("h.csv", "earlier\n");
  const std::string run = dir.write("run.json", R"({
    "format": "tinynn-run", "version": 1,
    "data": {"train": ")" + dir.path() + R"(/train.csv", "test": ")" + dir.path() + R"(/test.csv", "standardize": false},
    "model": {"inputs": 1, "layers": [{"units": 1, "activation": "identity", "init": "constant", "init_value": 1}]},
    "loss": "mse",
    "optimizer": {"type": "sgd", "lr": 1e-6},
    "training": {"epochs": 3},
    "report": {"history": ")" + history + R"("}
  })");
  const Result r = tinynn_cli("train " + run + " --out " + dir.path() + "/m.json");
  INFO(r.out << r.err);
  CHECK(r.status == 3);
  CHECK_THAT(r.err, Contains("epoch 1, after its last batch: the test loss is inf") &&
                        Contains("every parameter is still finite") && Contains("Nothing was written"));
  CHECK_FALSE(exists(dir.path() + "/m.json"));
  CHECK(read_text(history) == "earlier\n");
}

TEST_CASE("tinynn train, eval, predict and summary on XOR", "[cli]") {
  const TempDir dir;
  const std::string model = dir.path() + "/xor.model.json";
  const Result r = tinynn_cli("train apps/configs/xor.json --out " + model);
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());
  CHECK_THAT(r.out, Contains("run: apps/configs/xor.json (seed 0)") &&
                        Contains("4 training samples x 2 features from datasets/xor.csv") &&
                        Contains("17 parameters; loss mse") && Contains("optimizer: sgd lr 2; 2000 epochs"));
  // The loss at the log interval (200), and only there.
  CHECK_THAT(r.out, Contains("\nepoch    1/2000  loss ") && Contains("\nepoch  200/2000  loss ") &&
                        Contains("\nepoch 2000/2000  loss ") && !Contains("epoch  100/2000"));
  CHECK_THAT(r.out, Contains("confusion matrix (train; rows: true class, columns: predicted class)"));
  CHECK_THAT(r.out, Contains("model written to " + model));
  CHECK(metric(r.out, "train", "accuracy") == 1.0);
  CHECK(metric(r.out, "train", "loss") < 0.01);
  REQUIRE(exists(model));

  SECTION("eval on the training data") {
    const Result e = tinynn_cli("eval " + model + " datasets/xor.csv");
    INFO(e.out << e.err);
    CHECK(e.status == 0);
    CHECK_THAT(e.out, Contains("datasets/xor.csv: 4 samples") && Contains("accuracy 1.0000") &&
                          Contains("confusion matrix (eval"));
    CHECK(metric(e.out, "eval", "accuracy") == 1.0);
    CHECK(metric(e.out, "eval", "F1") == 1.0);
  }

  SECTION("predict: one row per input, to a file or to stdout") {
    const std::string pred = dir.path() + "/pred.csv";
    const Result p = tinynn_cli("predict " + model + " datasets/xor.csv --out " + pred);
    INFO(p.out << p.err);
    CHECK(p.status == 0);
    CHECK(p.out.empty());
    CHECK_THAT(p.err, Contains("predictions for 4 rows written to " + pred));
    const std::string text = read_text(pred);
    const std::vector<std::string> rows = lines_of(text);
    REQUIRE(rows.size() == 5);
    CHECK(rows[0] == "prediction");
    CHECK(std::stod(rows[1]) < 0.5);  // 0 0
    CHECK(std::stod(rows[2]) > 0.5);  // 0 1
    CHECK(std::stod(rows[3]) > 0.5);  // 1 0
    CHECK(std::stod(rows[4]) < 0.5);  // 1 1
    const Result to_stdout = tinynn_cli("predict " + model + " datasets/xor.csv");
    CHECK(to_stdout.status == 0);
    CHECK(to_stdout.out == text);
  }

  SECTION("predict without the target column, features in another order") {
    const std::string csv = dir.write("inputs.csv", "x2,x1\n1,0\n1,1\n0,0\n");
    const Result p = tinynn_cli("predict " + model + " " + csv);
    INFO(p.out << p.err);
    CHECK(p.status == 0);
    const std::vector<std::string> rows = lines_of(p.out);
    REQUIRE(rows.size() == 4);
    CHECK(std::stod(rows[1]) > 0.5);  // x1 = 0, x2 = 1
    CHECK(std::stod(rows[2]) < 0.5);  // 1 1
    CHECK(std::stod(rows[3]) < 0.5);  // 0 0
    // eval needs the target column.
    const Result e = tinynn_cli("eval " + model + " " + csv);
    CHECK(e.status == 2);
    CHECK_THAT(e.err, Contains("missing column(s) 'y'"));
  }

  SECTION("a CSV without a feature column is bad input naming the column") {
    const std::string csv = dir.write("partial.csv", "x1,y\n1,0\n");
    for (const std::string command : {"predict", "eval"}) {
      const Result p = tinynn_cli(command + " " + model + " " + csv);
      INFO(command << "\n" << p.out << p.err);
      CHECK(p.status == 2);
      CHECK_THAT(p.err, Contains(csv) && Contains("'x2'"));
      CHECK(p.out.empty());
    }
  }

  SECTION("summary of the run file and of the model file") {
    const Result run = tinynn_cli("summary apps/configs/xor.json");
    INFO(run.out << run.err);
    CHECK(run.status == 0);
    const std::string table_head = "layer  type    units  activation init";
    CHECK_THAT(run.out, Contains("apps/configs/xor.json: run file") && Contains(table_head) &&
                            Contains("2x4") && Contains("4x1") && Contains("17 parameters"));
    const Result m = tinynn_cli("summary " + model);
    INFO(m.out << m.err);
    CHECK(m.status == 0);
    CHECK_THAT(m.out, Contains(model + ": trained model") && Contains(table_head) &&
                          Contains("inputs 2, outputs 1, 17 parameters; loss mse") &&
                          Contains("features: 2 (x1, x2), target y") &&
                          Contains("trained by apps/configs/xor.json, seed 0, 2000 epochs"));
  }

  SECTION("--set changes a setting, --quiet prints only the result") {
    const Result s = tinynn_cli("train apps/configs/xor.json --out " + model + " --set training.epochs=3");
    INFO(s.out << s.err);
    CHECK(s.status == 0);
    CHECK_THAT(s.out, Contains("; 3 epochs, batch 4 (full batch)") && Contains("\nepoch 1/3  loss") &&
                          Contains("\nepoch 3/3  loss") && !Contains("2000"));
    CHECK_THAT(tinynn_cli("summary " + model).out, Contains("3 epochs"));
    const Result q = tinynn_cli("train apps/configs/xor.json --quiet --out " + model);
    CHECK(q.status == 0);
    CHECK_THAT(q.out, !Contains("epoch") && !Contains("layer") && Contains("train loss"));
    const Result bad = tinynn_cli("train apps/configs/xor.json --out " + model + " --set training.epochz=3");
    CHECK(bad.status == 2);
    CHECK_THAT(bad.err, Contains("/training/epochz: unknown key") && Contains("did you mean \"epochs\"") &&
                            Contains("--set training.epochz=3"));
  }
}

TEST_CASE("tinynn: every shipped example run reaches its documented result", "[cli]") {
  const TempDir dir;

  SECTION("xor.json: train accuracy 1") {
    const Result r = tinynn_cli("train apps/configs/xor.json --out " + dir.path() + "/m.json");
    REQUIRE(r.status == 0);
    CHECK(metric(r.out, "train", "accuracy") == 1.0);
  }

  SECTION("breast_cancer.json: test accuracy at least 0.95, and its history") {
    const std::string model = dir.path() + "/bc.model.json", history = dir.path() + "/bc.history.csv";
    const Result r = tinynn_cli("train apps/configs/breast_cancer.json --out " + model +
                                " --set report.history=" + history);
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    CHECK_THAT(r.out, Contains("455 training samples x 30 features") && Contains("114 test samples") &&
                          Contains("history written to " + history));
    CHECK(metric(r.out, "test", "accuracy") >= 0.95);
    CHECK(metric(r.out, "test", "precision") >= 0.95);
    CHECK(metric(r.out, "test", "recall") >= 0.95);
    // The history: header, one row per epoch, every field filled, the loss falling.
    const std::vector<std::string> rows = lines_of(read_text(history));
    REQUIRE(rows.size() == 501);
    CHECK(rows[0] == "epoch,train_loss,train_accuracy,test_loss,test_accuracy,seconds");
    std::vector<double> train_loss, test_loss;
    for (std::size_t i = 1; i < rows.size(); ++i) {
      std::vector<std::string> fields;
      std::istringstream in(rows[i]);
      for (std::string f; std::getline(in, f, ',');) fields.push_back(f);
      INFO("row " << i << ": " << rows[i]);
      REQUIRE(fields.size() == 6);
      CHECK(std::stoll(fields[0]) == static_cast<long long>(i));
      train_loss.push_back(std::stod(fields[1]));
      test_loss.push_back(std::stod(fields[3]));
      CHECK(std::stod(fields[2]) > 0.5);
      CHECK(std::stod(fields[4]) > 0.5);
    }
    CHECK(train_loss.front() == Approx(std::log(2.0)).epsilon(1e-12));  // zeros init: p = 0.5
    // Full-batch gradient descent on a convex loss with a small step: it never goes up.
    for (std::size_t i = 1; i < train_loss.size(); ++i) CHECK(train_loss[i] <= train_loss[i - 1]);
    CHECK(train_loss.back() < train_loss.front() / 5);
    CHECK(test_loss.back() < test_loss.front() / 5);
    CHECK_FALSE(exists(source_path("breast_cancer.history.csv")));  // nothing in the repository
    // The model file evaluates the whole data set as well as training said.
    const Result e = tinynn_cli("eval " + model + " datasets/breast_cancer.csv");
    CHECK(e.status == 0);
    CHECK(metric(e.out, "eval", "accuracy") >= 0.95);
    // bce_with_logits: predict gives the class and the probability of class 1.
    const Result p = tinynn_cli("predict " + model + " datasets/breast_cancer.csv");
    REQUIRE(p.status == 0);
    const std::vector<std::string> predictions = lines_of(p.out);
    REQUIRE(predictions.size() == 570);
    CHECK(predictions[0] == "class,probability");
    CHECK_THAT(predictions[1], StartsWith("0,") || StartsWith("1,"));
  }

  SECTION("iris.json: test accuracy at least 0.9") {
    const std::string model = dir.path() + "/iris.model.json";
    const Result r = tinynn_cli("train apps/configs/iris.json --out " + model);
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    CHECK(metric(r.out, "test", "accuracy") >= 0.9);
    CHECK_THAT(r.out, Contains("confusion matrix (test;"));
    const Result p = tinynn_cli("predict " + model + " datasets/iris.csv");
    REQUIRE(p.status == 0);
    const std::vector<std::string> rows = lines_of(p.out);
    REQUIRE(rows.size() == 151);
    CHECK(rows[0] == "class,p_0,p_1,p_2");
    const Result e = tinynn_cli("eval " + model + " datasets/iris.csv");
    CHECK(e.status == 0);
    CHECK(metric(e.out, "eval", "accuracy") >= 0.9);
  }

  SECTION("moons.json: test accuracy at least 0.95, its loss curve and decision boundary") {
    const std::string model = dir.path() + "/moons.model.json", loss = dir.path() + "/moons.loss.svg",
                      boundary = dir.path() + "/moons.boundary.svg";
    const Result r = tinynn_cli("train apps/configs/moons.json --out " + model + " --set report.loss_plot=" + loss +
                                " --set report.boundary_plot=" + boundary);
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    CHECK_THAT(r.out, Contains("160 training samples x 2 features from datasets/moons.csv") &&
                          Contains("loss curve written to " + loss) && Contains("decision boundary written to " + boundary));
    CHECK(metric(r.out, "train", "accuracy") >= 0.99);
    CHECK(metric(r.out, "test", "accuracy") >= 0.95);
    CHECK(metric(r.out, "test", "loss") < 0.2);
    CHECK(read_text(loss).find("<polyline class=\"series\"") != std::string::npos);
    CHECK(read_text(boundary).find("<g class=\"field\"") != std::string::npos);
    CHECK_FALSE(exists(source_path("moons.loss.svg")));  // nothing in the repository
  }

  SECTION("spirals.json: three classes, test accuracy at least 0.95") {
    const std::string model = dir.path() + "/spirals.model.json";
    const Result r = tinynn_cli("train apps/configs/spirals.json --out " + model + " --set report.loss_plot=" +
                                dir.path() + "/l.svg --set report.boundary_plot=" + dir.path() + "/b.svg");
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    CHECK_THAT(r.out, Contains("480 training samples x 2 features from datasets/spirals.csv"));
    CHECK(metric(r.out, "train", "accuracy") >= 0.95);
    CHECK(metric(r.out, "test", "accuracy") >= 0.95);
    const Result e = tinynn_cli("eval " + model + " datasets/spirals.csv");
    CHECK(e.status == 0);
    CHECK(metric(e.out, "eval", "accuracy") >= 0.95);
  }

  SECTION("digits.json: test accuracy at least 0.95") {
    const std::string model = dir.path() + "/digits.model.json";
    const Result r = tinynn_cli("train apps/configs/digits.json --out " + model);
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    CHECK(metric(r.out, "test", "accuracy") >= 0.95);
    const Result e = tinynn_cli("eval " + model + " datasets/digits.csv");
    CHECK(e.status == 0);
    CHECK(metric(e.out, "eval", "accuracy") >= 0.95);
  }
}

TEST_CASE("tinynn trains on IDX files (the Fashion-MNIST code path) without the real data",
          "[cli]") {
  const TempDir dir;
  const auto [train_images, train_labels] = idx_pair(60, 1);
  const auto [test_images, test_labels] = idx_pair(30, 2);
  // The training pair gzipped as Fashion-MNIST ships, the test pair plain.
  write_gz(dir.path() + "/train-images-idx3-ubyte.gz", train_images);
  write_gz(dir.path() + "/train-labels-idx1-ubyte.gz", train_labels);
  dir.write("t10k-images-idx3-ubyte", test_images);
  dir.write("t10k-labels-idx1-ubyte", test_labels);
  const std::string d = dir.path();
  const std::string run = dir.write("tiny_fashion.json", R"({
    "format": "tinynn-run", "version": 1,
    "data": {
      "format": "idx",
      "train_images": ")" + d + R"(/train-images-idx3-ubyte.gz",
      "train_labels": ")" + d + R"(/train-labels-idx1-ubyte.gz",
      "test_images": ")" + d + R"(/t10k-images-idx3-ubyte",
      "test_labels": ")" + d + R"(/t10k-labels-idx1-ubyte"
    },
    "model": {"inputs": 16, "layers": [
      {"type": "dense", "units": 8, "activation": "sigmoid"},
      {"type": "dense", "units": 3, "activation": "identity"}]},
    "loss": "cross_entropy",
    "optimizer": {"type": "sgd", "lr": 0.5, "momentum": 0.9},
    "training": {"epochs": 30, "batch_size": 10, "shuffle": true, "seed": 0},
    "report": {"log_every": 10}
  })");
  const Result v = tinynn_cli("validate " + run);
  INFO(v.out << v.err);
  CHECK(v.status == 0);
  CHECK_THAT(v.out, Contains("is valid") && Contains("60 training samples x 16 features") &&
                        Contains("30 test samples from " + d + "/t10k-images-idx3-ubyte"));

  const std::string model = d + "/fashion.model.json";
  const Result r = tinynn_cli("train " + run + " --out " + model);
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  CHECK(metric(r.out, "train", "accuracy") >= 0.95);
  CHECK(metric(r.out, "test", "accuracy") >= 0.95);
  CHECK_THAT(r.out, Contains("epoch 30/30"));
  const Result s = tinynn_cli("summary " + model);
  CHECK(s.status == 0);
  CHECK_THAT(s.out, Contains("features: 16 (pixel_0, pixel_1") && Contains("target label"));

  SECTION("a label the loss cannot take is bad input naming the file") {
    const Result bad = tinynn_cli("validate " + run + " --set model.layers.1.units=2");
    CHECK(bad.status == 2);
    CHECK_THAT(bad.err, Contains(d + "/train-labels-idx1-ubyte.gz: label 2"));
  }
}

TEST_CASE("apps/configs/fashion_mnist.json validates exactly when the data is installed", "[cli]") {
  const std::string folder = "/usr/share/datasets/fashion-mnist";
  const Result r = tinynn_cli("validate apps/configs/fashion_mnist.json");
  INFO(r.out << r.err);
  if (exists(folder + "/train-images-idx3-ubyte.gz")) {
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Contains("60000 training samples x 784 features") && Contains("10000 test samples") &&
                          Contains("101770 parameters"));
  } else {
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains(folder + "/train-images-idx3-ubyte.gz"));
  }
  // Either way, a missing file is named (here: the test labels).
  const TempDir dir;
  const std::string missing = dir.path() + "/t10k-labels-idx1-ubyte.gz";
  const Result m = tinynn_cli("validate apps/configs/fashion_mnist.json --set data.train_images=" + missing +
                              " --set data.train_labels=" + missing);
  CHECK(m.status == 2);
  CHECK_THAT(m.err, StartsWith("tinynn: error: apps/configs/fashion_mnist.json: /data/train_images: the file " +
                               missing + " does not exist"));
  // A file of the Debian package that is not there says how to install it.
  const Result h = tinynn_cli("validate apps/configs/fashion_mnist.json --set data.train_images=" + folder +
                              "/no-such-file.gz");
  CHECK(h.status == 2);
  CHECK_THAT(h.err, Contains("/data/train_images: the file " + folder + "/no-such-file.gz does not exist") &&
                        Contains("run scripts/setup.sh --fashion-mnist"));
}

TEST_CASE("tinynn: the same run twice gives the same output and model file, another seed does not",
          "[cli]") {
  const TempDir dir;
  for (const std::string run : {"apps/configs/iris.json", "apps/configs/xor.json"}) {
    INFO(run);
    const std::string a = dir.path() + "/a.json", b = dir.path() + "/b.json", c = dir.path() + "/c.json";
    const Result ra = tinynn_cli("train " + run + " --out " + a);
    const Result rb = tinynn_cli("train " + run + " --out " + b);
    const Result rc = tinynn_cli("train " + run + " --out " + c + " --set training.seed=1");
    REQUIRE(ra.status == 0);
    REQUIRE(rb.status == 0);
    REQUIRE(rc.status == 0);
    // Only the elapsed time and the output path may differ.
    std::string out_b = without_seconds(rb.out);
    out_b.replace(out_b.find(b), b.size(), a);
    CHECK(without_seconds(ra.out) == out_b);
    CHECK(without_seconds(ra.out) != ra.out);  // the seconds column was there to strip
    CHECK(read_text(a) == read_text(b));
    CHECK_FALSE(read_text(a).empty());
    CHECK(read_text(a) != read_text(c));
    CHECK_THAT(rc.out, Contains("(seed 1)"));
  }
}

TEST_CASE("cmake --install gives a package that another project builds against", "[cli][install]") {
  const TempDir dir;
  const std::string cmake = quote(TINYNN_CMAKE);
  const std::string prefix = dir.path() + "/prefix", consumer = dir.path() + "/consumer";
  const Result install = run_shell(cmake + " --install " + quote(TINYNN_BINARY_DIR) + " --prefix " + quote(prefix));
  INFO(install.out << install.err);
  REQUIRE(install.status == 0);
  CHECK(exists(prefix + "/include/tinynn/tinynn.hpp"));
  CHECK(exists(prefix + "/include/tinynn/train/trainer.hpp"));
  CHECK(exists(prefix + "/lib/cmake/tinynn/tinynnConfig.cmake"));
  CHECK(exists(prefix + "/lib/cmake/tinynn/tinynnConfigVersion.cmake"));
  CHECK(exists(prefix + "/bin/tinynn"));

  const Result configure = run_shell(cmake + " -S " + quote(source_path("apps/example_consumer")) + " -B " +
                                     quote(consumer) + " -DCMAKE_PREFIX_PATH=" + quote(prefix));
  INFO(configure.out << configure.err);
  REQUIRE(configure.status == 0);
  const Result build = run_shell(cmake + " --build " + quote(consumer));
  INFO(build.out << build.err);
  REQUIRE(build.status == 0);

  // The installed tinynn trains the model the consumer then uses.
  const std::string model = dir.path() + "/xor.model.json";
  const Result train = run_shell(quote(prefix + "/bin/tinynn") + " train apps/configs/xor.json --quiet --out " + model);
  INFO(train.out << train.err);
  REQUIRE(train.status == 0);
  const std::string predict = quote(consumer + "/predict") + " " + quote(model);
  const Result p01 = run_shell(predict + " 0 1");
  const Result p11 = run_shell(predict + " 1 1");
  INFO(p01.out << p01.err << p11.out << p11.err);
  REQUIRE(p01.status == 0);
  REQUIRE(p11.status == 0);
  CHECK(std::stod(p01.out) > 0.5);
  CHECK(std::stod(p11.out) < 0.5);
  const Result wrong = run_shell(predict + " 1");
  CHECK(wrong.status == 2);
  CHECK_THAT(wrong.err, Contains("the model takes 2 features, got 1"));
}
