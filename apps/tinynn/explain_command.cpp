// tinynn explain / graph: one forward and one backward pass of a run's network on a batch of
// its training data, shown as a ledger (the chain rule in numbers, node by node) or as a
// Graphviz picture of the autograd graph.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <sstream>
#include <unordered_map>

#include "commands.hpp"
#include "lessons/flags.hpp"
#include "lessons/format.hpp"
#include "report.hpp"
#include "run_session.hpp"
#include "tinynn/autograd/graph.hpp"
#include "tinynn/io/atomic_file.hpp"
#include "tinynn/losses/losses.hpp"

extern char** environ;

namespace tinynn::cli {

using apps::Flags;
using apps::format;

namespace {

const char* kExplainUsage = R"(usage: tinynn explain RUN.json [--sample I] [--weights MODEL.json]
                      [--set KEY=VALUE ...] [--digits N] [--full]

One forward and one backward pass of RUN.json's network on its training data, printed as a
ledger: every node of the autograd graph in topological order (the inputs first, the loss
last) with its value, its op's local derivative, its gradient (the upstream gradient dL/d of
its value) and what it passes back to each of its inputs: the chain rule in numbers.

  --sample I            only training sample I (0-based, in the order of the prepared
                        training set: the file's order unless data.test_fraction splits it);
                        default: the first batch (training.batch_size rows, not shuffled)
  --weights MODEL.json  start from the weights of a model file of the same network instead
                        of the run's seeded initialisation (e.g. a trained model)
  --set KEY=VALUE       change one setting of the run file, as for tinynn train; repeatable
  --digits N            significant digits of every number, 1 to 17 (default 4; 17 reads
                        back as the exact double)
  --full                print every tensor in full; by default only when every tensor has
                        at most 8 rows and 4 columns, else one line per node (shape, norms)
)";

const char* kGraphUsage = R"(usage: tinynn graph RUN.json --out FILE [--sample I] [--weights MODEL.json]
                    [--set KEY=VALUE ...] [--digits N]

Write the autograd graph of one forward and one backward pass (the pass tinynn explain
prints, with the same numbering) as a Graphviz picture: one box per node with its op, name,
shape and formula, for tensors of at most 16 elements their value and gradient (larger ones:
their norms); parameters blue, inputs grey, the loss with a double border; an arrow from each
input to the op that uses it.

  --out FILE            FILE.dot or FILE.gv: DOT text (needs nothing else installed);
                        FILE.svg or FILE.png: rendered by Graphviz's dot program, which must be
                        on PATH (Debian: apt-get install graphviz)
  --digits N            significant digits of the numbers shown, 1 to 17 (default 4)
  --sample I, --weights MODEL.json, --set KEY=VALUE
                        as for tinynn explain
)";

// ----------------------------------------------------------------------------------------
// The pass both commands show.

struct Pass {
  RunSession session;
  Var loss;
  std::string batch;                     // which samples went in, in words
  std::unique_ptr<BackwardTrace> trace;  // explain only
};

// Open the run, feed it the batch the flags ask for, and run forward and backward once.
Pass run_pass(const Flags& flags, bool record) {
  if (flags.positional().empty()) throw InputError("which run file? (see --help)");
  const std::string weights = flags.get_string("weights", "");
  Pass pass{open_run(flags.positional()[0], flags.get_all("set"), weights), {}, {}, nullptr};
  RunSession& s = pass.session;
  const Dataset& train = s.data.train;
  const std::size_t n = train.size();

  std::vector<std::size_t> rows;
  if (flags.has("sample")) {
    const std::int64_t i = flags.get_int("sample", 0, 0, std::numeric_limits<std::int64_t>::max());
    if (static_cast<std::uint64_t>(i) >= n) {
      throw InputError("--sample " + std::to_string(i) + ": the training set of " + s.run.file +
                       " has " + std::to_string(n) + " sample" + (n == 1 ? "" : "s") +
                       ", numbered 0 to " + std::to_string(n - 1));
    }
    rows.push_back(static_cast<std::size_t>(i));
    pass.batch = "training sample " + std::to_string(i) + " of " + std::to_string(n) + " (--sample)";
  } else {
    const std::int64_t b = s.run.training.batch_size;
    const std::size_t size = b <= 0 || static_cast<std::size_t>(b) >= n ? n : static_cast<std::size_t>(b);
    for (std::size_t i = 0; i < size; ++i) rows.push_back(i);
    pass.batch = size == n ? "all " + std::to_string(n) + " training samples, in order (one full batch)"
                           : "the first batch: training samples 0 to " + std::to_string(size - 1) +
                                 " of " + std::to_string(n) + ", in order, not shuffled";
  }
  const Dataset batch = select_rows(train, rows);

  // Parameters carry their dotted names ("0.weight") into the ledger and the graph.
  for (const auto& [name, p] : s.model.named_parameters()) {
    p.set_name(name);
    p.zero_grad();
  }
  const Var x = constant(batch.x);
  x.set_name("X");
  pass.loss = compute_loss(s.run.loss, s.model.forward(x), batch.y);
  if (record) pass.trace = std::make_unique<BackwardTrace>();
  pass.loss.backward();
  return pass;
}

// ----------------------------------------------------------------------------------------
// Text layout. A node's tensors are items: a label and the numbers. An item with one row or
// one column is written on one line ("grad [0.1 0.2]", a column as "[0.1 0.2]ᵀ"), and such
// items share lines; a matrix is a pane (the label over one line per row), and panes stand
// side by side. Everything within 80 columns.

constexpr std::size_t kScreen = 80, kIndent = 2, kGap = 3;

// Display width of UTF-8 text: one column per code point (σ, ⊙, ᵀ are one column each).
std::size_t width_of(const std::string& s) {
  std::size_t w = 0;
  for (unsigned char c : s) w += (c & 0xC0) != 0x80;
  return w;
}

std::string pad(const std::string& s, std::size_t width) {
  const std::size_t w = width_of(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

// `text` broken at spaces into lines of at most 80 columns, the later ones indented by 2.
std::string wrapped(const std::string& text) {
  std::string out, line;
  std::istringstream words(text);
  for (std::string word; words >> word;) {
    if (!line.empty() && width_of(line) + 1 + width_of(word) > kScreen) {
      out += line + "\n";
      line = "  ";
    }
    line += (line.empty() || line == "  " ? "" : " ") + word;
  }
  return out + line + "\n";
}

std::string trimmed(std::string line) {
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

struct Item {
  std::string label;
  std::vector<std::string> lines;  // one line: written inline after the label (none: empty)
  bool is_inline() const { return lines.size() == 1; }
  std::string inline_text() const { return lines[0].empty() ? label : label + " " + lines[0]; }
  std::size_t width() const {
    if (is_inline()) return width_of(inline_text());
    std::size_t w = width_of(label);
    for (const auto& l : lines) w = std::max(w, width_of(l));
    return w;
  }
};

// The numbers of t as an item: "all 0.25" for a constant tensor, "[a b c]" for one row,
// "[a b c]ᵀ" for one column, else one line per row with every column right-aligned.
Item make_item(std::string label, const Tensor& t, int digits) {
  std::vector<std::string> cells;
  std::size_t w = 0;
  bool constant = true;
  for (double v : t) {
    cells.push_back(number_text(v, digits));
    w = std::max(w, cells.back().size());
    constant = constant && v == *t.begin();
  }
  if (t.size() == 1) return {std::move(label), {cells[0]}};
  if (constant && !cells.empty()) return {std::move(label), {"all " + cells[0]}};
  const std::size_t rows = t.shape(0), cols = t.shape(1);
  if (rows == 1 || cols == 1) {
    std::string line = "[";
    for (std::size_t i = 0; i < cells.size(); ++i) line += (i ? " " : "") + cells[i];
    line += cols == 1 ? "]ᵀ" : "]";
    if (kIndent + width_of(label) + 1 + width_of(line) <= kScreen) return {std::move(label), {line}};
  }
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < rows; ++i) {
    std::string line;
    for (std::size_t j = 0; j < cols; ++j) {
      const std::string& c = cells[i * cols + j];
      line += (j ? " " : "") + std::string(w - c.size(), ' ') + c;
    }
    lines.push_back(line);
  }
  if (lines.size() == 1) lines.emplace_back();  // a wide single row stays a pane
  return {std::move(label), std::move(lines)};
}

// Consecutive one-line items share lines; consecutive panes share bands; all within the screen.
void print_items(std::ostream& out, const std::vector<Item>& items) {
  std::size_t i = 0;
  while (i < items.size()) {
    const bool inl = items[i].is_inline();
    std::size_t end = i, used = kIndent;
    while (end < items.size() && items[end].is_inline() == inl &&
           (end == i || used + kGap + items[end].width() <= kScreen)) {
      used += (end == i ? 0 : kGap) + items[end].width();
      ++end;
    }
    std::size_t height = 0;
    for (std::size_t k = i; k < end; ++k) height = std::max(height, items[k].lines.size());
    for (std::size_t row = 0; row < (inl ? 1 : height + 1); ++row) {  // pane row 0: the labels
      std::string line(kIndent, ' ');
      for (std::size_t k = i; k < end; ++k) {
        const Item& it = items[k];
        const std::string text = inl ? it.inline_text()
                                 : row == 0 ? it.label
                                 : row - 1 < it.lines.size() ? it.lines[row - 1] : "";
        line += (k == i ? "" : std::string(kGap, ' ')) + pad(text, it.width());
      }
      out << trimmed(line) << "\n";
    }
    i = end;
  }
}

// ----------------------------------------------------------------------------------------
// The ledger.

// The letter an op's formula gives its output ("Z" of "Z = A·B") or its input i ("A" of the
// rule "dA = dZ·Bᵀ"); empty when the op has no formula.
std::string output_letter(const Node& n) {
  const std::string f = n.math->forward;
  const std::size_t eq = f.find(" = ");
  return eq == std::string::npos ? "" : f.substr(0, eq);
}
std::string input_letter(const Node& n, std::size_t i) {
  const std::string rule = n.math->rule(i);
  const std::size_t eq = rule.find(" = ");
  return rule.size() > 1 && rule[0] == 'd' && eq != std::string::npos ? rule.substr(1, eq - 1) : "";
}

std::string display_name(const Node& n) {
  if (!n.is_leaf()) return n.op;
  return n.name.empty() ? "constant" : n.name;
}

// Which input of `n` each recorded contribution went to (an input used twice, as in mul(x, x),
// receives two, in order).
std::vector<std::size_t> input_indices(const Node& n, const BackwardTrace::Step& step) {
  std::vector<bool> taken(n.parents.size(), false);
  std::vector<std::size_t> out;
  for (const auto& [target, g] : step.passed) {
    std::size_t found = n.parents.size();
    for (std::size_t i = 0; i < n.parents.size(); ++i) {
      if (!taken[i] && n.parents[i].get() == target) {
        found = i;
        break;
      }
    }
    if (found < n.parents.size()) taken[found] = true;
    out.push_back(found);
  }
  return out;
}

bool is_small(const std::vector<Node*>& order) {
  for (const Node* n : order) {
    if (n->value.shape(0) > 8 || n->value.shape(1) > 4) return false;
  }
  return true;
}

void print_header(std::ostream& out, const Pass& pass, const Flags& flags, bool full) {
  const RunSession& s = pass.session;
  out << wrapped("tinynn explain " + s.run.file + " (" + std::to_string(s.model.parameter_count()) +
                 " parameters; weights: " +
                 (flags.has("weights") ? "from " + flags.get_string("weights", "")
                                       : "initial, seed " + std::to_string(s.run.training.seed)) + ")")
      << wrapped("data: " + s.data.description) << wrapped("batch: " + pass.batch)
      << "loss: " << to_string(s.run.loss) << " = " << number_text(pass.loss.item(), 17) << "\n";
  if (full) {
    out << "Nodes in topological order: the forward pass reads down, the backward pass up.\n"
           "  value         what the node computed, one row per sample ([...]ᵀ: a column)\n"
           "  ∂Y/∂X = ...   its op's local derivative, element by element (if it has one)\n"
           "  grad dY       dL/dY: the gradient that came back to it from the nodes using it\n"
           "  → [k] dX = .. the gradient it passes back to input [k], by the chain rule\n"
           "                dL/dX = dL/dY·∂Y/∂X; shown at [k] as its grad (if used once)\n";
  } else {
    out << "One line per node (too large to print in full; --full prints every tensor).\n"
           "‖·‖ is the Frobenius norm √(Σ x²) of a tensor. For each node, in topological\n"
           "order (the forward pass reads down, the backward pass up):\n"
           "  ‖value‖   of what it computed\n"
           "  ‖grad‖    of dL/d(value): the gradient that came back to it\n"
           "  local     the smallest … largest element of its op's local derivative\n"
           "  → inputs  the nodes it passes a gradient back to\n";
  }
}

void print_full(std::ostream& out, const std::vector<Node*>& order,
                const std::unordered_map<const Node*, std::size_t>& index,
                const BackwardTrace& trace, int digits) {
  const auto ref = [&](const Node* n) { return "[" + std::to_string(index.at(n)) + "]"; };
  // How many contributions each node received: with one, what was passed to it is exactly
  // its grad, printed at that node, and the sender only points there.
  std::unordered_map<const Node*, std::size_t> received;
  for (const BackwardTrace::Step& s : trace.steps()) {
    for (const auto& [target, g] : s.passed) ++received[target];
  }
  for (const Node* n : order) {
    out << ref(n) << " " << display_name(*n) << "  " << shape_str(n->value);
    std::vector<Item> items;
    if (n->is_leaf()) {
      out << (n->requires_grad ? "  parameter" : "  input (data: needs no gradient)") << "\n";
      items.push_back(make_item("value", n->value, digits));
      if (n->requires_grad && n->has_grad) items.push_back(make_item("grad", n->grad, digits));
      print_items(out, items);
      continue;
    }
    const std::string y = output_letter(*n).empty() ? "Y" : output_letter(*n);
    out << "  " << n->math->forward;
    for (std::size_t i = 0; i < n->parents.size(); ++i) {
      const std::string letter = input_letter(*n, i);
      out << (i ? ", " : "; ") << (letter.empty() ? "input " + std::to_string(i + 1) : letter)
          << " = " << ref(n->parents[i].get());
    }
    out << "\n";
    items.push_back(make_item("value", n->value, digits));
    std::vector<Item> passes;
    const BackwardTrace::Step* step = trace.step_of(n);
    if (step != nullptr) {
      for (const BackwardTrace::Local& l : step->locals) {
        const std::string x = input_letter(*n, l.input).empty() ? "X" : input_letter(*n, l.input);
        const std::string formula = l.formula;
        items.push_back(make_item("∂" + y + "/∂" + x + (formula == x ? "" : " = " + formula), l.value, digits));
      }
      items.push_back(make_item("grad d" + y, step->upstream, digits));
      const std::vector<std::size_t> inputs = input_indices(*n, *step);
      for (std::size_t k = 0; k < step->passed.size(); ++k) {
        const Node* target = step->passed[k].first;
        const std::string rule = n->math->rule(inputs[k]);
        const std::string what = "→ " + ref(target) + (rule.empty() ? "" : " " + rule);
        if (received[target] == 1) {
          passes.push_back({what, {""}});  // printed there, as its grad
        } else {
          items.push_back(make_item(what, step->passed[k].second, digits));
        }
      }
    }
    print_items(out, items);
    print_items(out, passes);
  }
}

void print_summary(std::ostream& out, const std::vector<Node*>& order,
                   const std::unordered_map<const Node*, std::size_t>& index,
                   const BackwardTrace& trace, int digits) {
  struct Row { std::string node, shape, value, grad, local, to; };
  std::vector<Row> rows = {{"node", "shape", "‖value‖", "‖grad‖", "local min … max", "→ inputs"}};
  for (const Node* n : order) {
    Row r;
    r.node = "[" + std::to_string(index.at(n)) + "] " + display_name(*n) +
             (n->is_leaf() ? (n->requires_grad ? " (parameter)" : " (input)") : "");
    r.shape = shape_str(n->value);
    r.value = number_text(frobenius_norm(n->value), digits);
    const BackwardTrace::Step* step = trace.step_of(n);
    if (n->is_leaf() ? n->requires_grad && n->has_grad : step != nullptr) {
      r.grad = number_text(frobenius_norm(n->is_leaf() ? n->grad : step->upstream), digits);
    } else {
      r.grad = "-";
    }
    if (step != nullptr) {
      for (const BackwardTrace::Local& l : step->locals) {
        const auto [lo, hi] = std::minmax_element(l.value.begin(), l.value.end());
        if (lo == l.value.end()) continue;
        r.local += (r.local.empty() ? "" : ", ") + number_text(*lo, 3) + " … " + number_text(*hi, 3);
      }
      for (const auto& [target, g] : step->passed) {
        r.to += (r.to.empty() ? "" : " ") + ("[" + std::to_string(index.at(target)) + "]");
      }
    }
    rows.push_back(r);
  }
  std::size_t w[5] = {0, 0, 0, 0, 0};
  for (const Row& r : rows) {
    const std::string* cells[5] = {&r.node, &r.shape, &r.value, &r.grad, &r.local};
    for (int c = 0; c < 5; ++c) w[c] = std::max(w[c], width_of(*cells[c]));
  }
  out << "\n";
  for (const Row& r : rows) {
    std::string line = pad(r.node, w[0]) + "  " + pad(r.shape, w[1]) + "  " +
                       std::string(w[2] - width_of(r.value), ' ') + r.value + "  " +
                       std::string(w[3] - width_of(r.grad), ' ') + r.grad + "  " +
                       pad(r.local, w[4]) + "  " + r.to;
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
}

// ----------------------------------------------------------------------------------------
// Rendering with Graphviz.

// Is `program` an executable file in one of PATH's folders?
bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return false;
  std::istringstream dirs(path);
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + program;
    if (access(candidate.c_str(), X_OK) == 0 && !std::filesystem::is_directory(candidate)) return true;
  }
  return false;
}

// `dot -T<format>` of the DOT text, through files in a scratch folder; the image's bytes.
std::string render(const std::string& dot_text, const std::string& format) {
  namespace fs = std::filesystem;
  std::string pattern = (fs::temp_directory_path() / "tinynn_graph_XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw IoError("cannot create a temporary folder in " + fs::temp_directory_path().string());
  const fs::path dir = pattern;
  const std::string in = (dir / "graph.dot").string(), image = (dir / ("graph." + format)).string();
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup{dir};
  {
    std::ofstream f(in, std::ios::binary);
    f << dot_text;
    if (!f.flush()) throw IoError("cannot write " + in);
  }
  const std::string type = "-T" + format;
  std::vector<std::string> args = {"dot", type, "-o", image, in};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  // In a process group of its own, so that a stopped dot takes its children with it (a dot
  // that is a shell script would otherwise leave them running).
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  const int spawned = posix_spawnp(&pid, "dot", nullptr, &attr, argv.data(), environ);
  posix_spawnattr_destroy(&attr);
  if (spawned != 0) {
    throw IoError("cannot run Graphviz's dot");
  }
  // dot lays out a graph of a few dozen nodes in well under a second; one that hangs (a broken
  // install, a fake dot) must not hang tinynn: it is stopped after a minute, or after
  // TINYNN_DOT_SECONDS seconds if that is set.
  double limit = 60;
  if (const char* env = std::getenv("TINYNN_DOT_SECONDS")) {
    char* end = nullptr;
    const double v = std::strtod(env, &end);
    if (end != env && *end == '\0' && v > 0 && v <= 3600) {
      limit = v;
    } else {
      std::cerr << "tinynn: warning: TINYNN_DOT_SECONDS='" << env
                << "' is not a number of seconds from 0 to 3600; using 60\n";
    }
  }
  const auto start = std::chrono::steady_clock::now();
  int status = 0;
  pid_t done = 0;
  while ((done = waitpid(pid, &status, WNOHANG)) == 0) {
    if (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > limit) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      throw std::runtime_error("Graphviz's dot did not finish within " + to_text(limit) +
                               " s and was stopped; write --out FILE.dot and render it yourself");
    }
    usleep(5000);
  }
  if (done != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("Graphviz's dot failed on the graph tinynn wrote (" +
                             (WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                                : std::string("killed")) +
                             "); write --out FILE.dot to see the DOT text");
  }
  std::ifstream f(image, std::ios::binary);
  std::ostringstream bytes;
  bytes << f.rdbuf();
  if (!f || bytes.str().empty()) {
    throw std::runtime_error("Graphviz's dot exited without writing the " + format + "; write --out FILE.dot "
                             "and render it yourself");
  }
  return bytes.str();
}

std::string extension_of(const std::string& path) {
  return ascii_lowercase(std::filesystem::path(path).extension().string());
}

}  // namespace

int explain(int argc, char** argv) {
  const Flags flags(argc, argv, {"sample", "weights", "set", "digits"}, {"full"}, 1);
  if (flags.help()) {
    std::cout << kExplainUsage;
    return 0;
  }
  const int digits = static_cast<int>(flags.get_int("digits", 4, 1, 17));
  const Pass pass = run_pass(flags, true);
  const std::vector<Node*> order = topological_order(pass.loss);
  std::unordered_map<const Node*, std::size_t> index;
  for (std::size_t i = 0; i < order.size(); ++i) index[order[i]] = i + 1;
  const bool full = flags.has("full") || is_small(order);

  std::ostringstream out;
  print_header(out, pass, flags, full);
  if (full) {
    print_full(out, order, index, *pass.trace, digits);
  } else {
    print_summary(out, order, index, *pass.trace, digits);
  }
  std::string params;
  for (const Node* n : order) {
    if (n->is_leaf() && n->requires_grad) {
      params += (params.empty() ? "" : ", ") + ("[" + std::to_string(index.at(n)) + "] ") + display_name(*n);
    }
  }
  out << wrapped("Next, the optimizer (" + describe_optimizer(pass.session.run.optimizer) +
                 ") would update each parameter from its grad: " + params + ".");
  std::cout << out.str();
  return 0;
}

int graph(int argc, char** argv) {
  const Flags flags(argc, argv, {"out", "sample", "weights", "set", "digits"}, {}, 1);
  if (flags.help()) {
    std::cout << kGraphUsage;
    return 0;
  }
  if (!flags.has("out")) throw InputError("graph: --out FILE is required (FILE.dot, .gv, .svg or .png; see --help)");
  const std::string out_path = flags.get_string("out", "");
  const int digits = static_cast<int>(flags.get_int("digits", 4, 1, 17));
  const std::string ext = extension_of(out_path);
  const bool image = ext == ".svg" || ext == ".png";
  if (!image && ext != ".dot" && ext != ".gv") {
    throw InputError("--out " + out_path + ": expected a name ending in .dot or .gv (DOT text), "
                     ".svg or .png (rendered by Graphviz)");
  }
  if (image && !on_path("dot")) {
    throw InputError("--out " + out_path + " needs Graphviz's dot program to render " +
                     ext.substr(1) + ", and dot is not on PATH: install graphviz (Debian: "
                     "apt-get install graphviz), or write DOT text with --out " +
                     std::filesystem::path(out_path).replace_extension(".dot").string() +
                     " and render it elsewhere");
  }
  if (flags.positional().empty()) throw InputError("graph: which run file? (see --help)");
  const Pass pass = run_pass(flags, false);
  // An --out that is an input is refused, one that cannot be written found, before writing.
  std::vector<NamedPath> inputs = input_files(pass.session.run);
  inputs.emplace_back("the --weights file", flags.get_string("weights", ""));
  check_outputs({{"--out", out_path}}, inputs);
  DotOptions options;
  options.digits = digits;
  const std::string dot = to_dot(pass.loss, options);
  write_file_atomically(out_path, image ? render(dot, ext.substr(1)) : dot);
  std::cout << "graph of " << topological_order(pass.loss).size() << " nodes written to " << out_path
            << "\nbatch: " << pass.batch << "\n";
  return 0;
}

}  // namespace tinynn::cli
