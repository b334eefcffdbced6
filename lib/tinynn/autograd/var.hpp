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
#include <vector>

#include "tinynn/tensor.hpp"

namespace tinynn {

struct Node;
using NodePtr = std::shared_ptr<Node>;

/// Local backward of an op: given dL/d(output), add each input's share into its grad.
using BackwardFn = std::function<void(const Tensor& grad_out)>;

/// One value in the computation graph.
struct Node {
  Tensor value;                  ///< the forward result
  Tensor grad;                   ///< dL/d(value); meaningful only when has_grad
  bool has_grad = false;         ///< grad is allocated lazily, on the first accumulation
  bool requires_grad = false;    ///< a parameter, or computed from one
  std::vector<NodePtr> parents;  ///< inputs of the op that made this node (empty for a leaf)
  BackwardFn backward;           ///< empty for a leaf
  std::string op = "leaf";       ///< "matmul", "sigmoid", ... for printing the graph
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

}  // namespace tinynn
