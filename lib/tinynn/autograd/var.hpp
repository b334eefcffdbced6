// The autograd engine: a Node holds a value, its gradient, its parents and a local backward;
// Var is the handle users pass around; backward() sweeps the graph in reverse topological order.
//
// Reverse mode in one paragraph: the forward pass records, for every result, which inputs it
// came from and how to push a gradient back to them (the "local backward", which multiplies the
// upstream gradient dL/dy by the op's own derivative dy/dx). backward() seeds dL/dL = 1 at the
// loss and visits every node after all of its consumers, so each node's gradient is complete
// (summed over every path) before it is passed on.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tinynn/tensor.hpp"

namespace tinynn {

struct Node;
using NodePtr = std::shared_ptr<Node>;

/// Local backward of an op: given dL/d(output), add each input's share into its grad.
using BackwardFn = std::function<void(const Tensor& grad_out)>;

/// An op's math as text, written next to the op (for tinynn explain and the graph export):
/// its forward formula and, for each of its (up to two) inputs, the rule of the gradient it
/// passes back, in the letters of the op's comment ("dA" is dL/dA):
///   {"Z = A·B", {"dA = dZ·Bᵀ", "dB = Aᵀ·dZ"}}.
/// Each op keeps its OpMath in a static constant, and a node points to it (one pointer: a
/// node that grew would cost tiny networks a slower allocation on every op).
struct OpMath {
  const char* forward = "";
  const char* backward[2] = {"", ""};  ///< {"dX = dY ⊙ σ′(X)"} leaves the second a nullptr
  /// The rule for input i, "" if there is none.
  constexpr const char* rule(std::size_t i) const {
    return i < 2 && backward[i] != nullptr ? backward[i] : "";
  }
};

/// The OpMath of a leaf, or of an op that gives none: every text empty.
inline constexpr OpMath kNoMath{};

/// One value in the computation graph.
struct Node {
  Tensor value;                  ///< the forward result
  Tensor grad;                   ///< dL/d(value); meaningful only when has_grad
  bool has_grad = false;         ///< grad is allocated lazily, on the first accumulation
  bool requires_grad = false;    ///< a parameter, or computed from one
  std::vector<NodePtr> parents;  ///< inputs of the op that made this node (empty for a leaf)
  BackwardFn backward;           ///< empty for a leaf
  std::string op = "leaf";       ///< "matmul", "sigmoid", ... for printing the graph
  const OpMath* math = &kNoMath;  ///< the op's formulas as text (empty for a leaf)
  std::string name;              ///< optional, e.g. "0.weight"

  bool is_leaf() const { return !backward; }

  Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  /// Frees a long chain of parents iteratively (the default would recurse once per node and
  /// overflow the stack on a graph 100 000 ops deep).
  ~Node();

  /// grad += g (or grad = g on the first call). Gradients always accumulate: a value used by
  /// two consumers receives a contribution from each (the multivariate chain rule).
  void accumulate_grad(Tensor g);
};

/// A shared handle to a Node: cheap to copy, all copies see the same value and gradient.
class Var {
 public:
  Var() = default;
  /// A leaf. requires_grad = true makes it a trainable parameter.
  explicit Var(Tensor value, bool requires_grad = false, std::string name = "");

  const Tensor& value() const { return node_->value; }
  /// Mutable value, for optimizers and initialisers. Do not change a value between a forward
  /// pass and its backward(): the backward reads the values it was recorded with.
  Tensor& mutable_value() const { return node_->value; }

  /// dL/d(this). Zeros if no gradient has reached this node yet.
  const Tensor& grad() const;
  bool has_grad() const { return node_->has_grad; }
  bool requires_grad() const { return node_->requires_grad; }

  std::size_t rows() const { return node_->value.shape(0); }
  std::size_t cols() const { return node_->value.shape(1); }
  /// The single number of a 1×1 value (throws otherwise).
  double item() const;

  const std::string& op() const { return node_->op; }
  const std::string& name() const { return node_->name; }
  void set_name(std::string name) const { node_->name = std::move(name); }

  /// Reverse-mode sweep from this 1×1 value: seeds dL/dL = 1 and runs every local backward
  /// once, in reverse topological order. Leaf gradients accumulate across calls until
  /// zero_grad(); every non-leaf gradient is reset first (so a second call on the same graph
  /// doubles the leaf gradients and nothing else). Throws if the value is not 1×1.
  void backward() const;

  /// Forget this node's gradient (it reads as zeros until the next backward).
  void zero_grad() const;

  const NodePtr& node() const { return node_; }
  bool defined() const { return static_cast<bool>(node_); }

  /// Build an op result. If gradients are off (NoGradGuard) or no input requires them, the
  /// result is a plain leaf and `backward` is dropped, so inference records no graph.
  static Var from_op(std::string op, Tensor value, const std::vector<Var>& inputs,
                     BackwardFn backward);
  /// The same, with the op's formulas as text (every op of tinynn gives them). `math` must
  /// outlive the node: a static constant next to the op.
  static Var from_op(std::string op, const OpMath* math, Tensor value,
                     const std::vector<Var>& inputs, BackwardFn backward);

 private:
  explicit Var(NodePtr node) : node_(std::move(node)) {}
  NodePtr node_;
};

/// A trainable leaf (requires_grad = true).
inline Var parameter(Tensor value, std::string name = "") {
  return Var(std::move(value), true, std::move(name));
}

/// A constant leaf, e.g. a batch of inputs.
inline Var constant(Tensor value) { return Var(std::move(value), false); }

/// Every node reachable from `root`, each after all of its parents (inputs first, root last).
std::vector<Node*> topological_order(const Var& root);

/// While alive, ops record no graph (for evaluation and prediction). Nests; per thread.
class NoGradGuard {
 public:
  NoGradGuard();
  ~NoGradGuard();
  NoGradGuard(const NoGradGuard&) = delete;
  NoGradGuard& operator=(const NoGradGuard&) = delete;

 private:
  bool previous_;
};

/// Are ops recording the graph right now?
bool grad_enabled();

/// While alive, records what every backward() on this thread does, node by node: the chain
/// rule in numbers, for tinynn explain. For each node whose local backward runs it keeps
///   upstream  dL/d(node), complete when its backward runs (the sum over all its consumers),
///   local     the op's elementwise local derivative ∂(node)/∂(input), where it has one
///             (sigmoid: σ(X)·σ(−X)); matmul has none: its rule is the two products,
///   passed    for each input that takes a gradient, what this node added into it.
/// Nothing is recorded, and nothing is computed, when no trace is alive: the engine checks
/// one thread-local pointer per node. The recorded nodes must outlive the trace's use
/// (keep the loss Var). Recording never changes a gradient: the numbers are bit-identical.
/// One trace per thread at a time.
class BackwardTrace {
 public:
  /// ∂(node)/∂(input `input`) of an elementwise op, with its formula (e.g. "σ(X)·σ(−X)").
  struct Local {
    std::size_t input = 0;
    const char* formula = "";
    Tensor value;
  };
  /// One node's local backward, in the order the sweep ran them (the loss first).
  struct Step {
    const Node* node = nullptr;
    Tensor upstream;
    std::vector<Local> locals;
    std::vector<std::pair<const Node*, Tensor>> passed;  ///< (input, what it received)
  };

  BackwardTrace();  ///< throws std::logic_error if one is already alive on this thread
  ~BackwardTrace();
  BackwardTrace(const BackwardTrace&) = delete;
  BackwardTrace& operator=(const BackwardTrace&) = delete;

  const std::vector<Step>& steps() const { return steps_; }
  /// The step of `node`, or nullptr if its backward did not run (a leaf, or no gradient).
  const Step* step_of(const Node* node) const;

  /// Is a trace recording on this thread? An op computes a local derivative for the trace
  /// only when this is true.
  static bool recording();
  /// From inside a local backward: record the op's local derivative for input `input`.
  static void record_local(std::size_t input, const char* formula, Tensor value);
  /// From inside a local backward that adds into a gradient without accumulate_grad (matmul
  /// writes through BLAS): record what `target` receives.
  static void record_passed(const Node* target, const Tensor& g);

 private:
  friend class Var;
  void begin_step(const Node* node);
  std::vector<Step> steps_;
  bool in_step_ = false;
};

}  // namespace tinynn
