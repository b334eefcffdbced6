// The backward sweep (see var.hpp). This file has no math of its own: every derivative lives
// next to its op in ops/ and losses/.
#include "tinynn/autograd/var.hpp"

#include <unordered_set>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xnoalias.hpp>

namespace tinynn {

namespace {
thread_local bool g_grad_enabled = true;
thread_local BackwardTrace* g_trace = nullptr;  // the recording trace, if any (explain)
}

bool grad_enabled() { return g_grad_enabled; }
NoGradGuard::NoGradGuard() : previous_(g_grad_enabled) { g_grad_enabled = false; }
NoGradGuard::~NoGradGuard() { g_grad_enabled = previous_; }

Node::~Node() {
  std::vector<NodePtr> pending = std::move(parents);
  while (!pending.empty()) {
    NodePtr n = std::move(pending.back());
    pending.pop_back();
    // If we hold the last reference, take its parents before it dies, so that its
    // destructor finds nothing to recurse into.
    if (n.use_count() == 1) {
      for (NodePtr& p : n->parents) pending.push_back(std::move(p));
      n->parents.clear();
    }
  }
}

void Node::accumulate_grad(Tensor g) {
  if (g.shape() != value.shape()) {
    throw std::logic_error("autograd: gradient of shape " + shape_str(g) + " for a " + op +
                           " node of shape " + shape_str(value) + " (a backward is wrong)");
  }
  if (g_trace != nullptr) BackwardTrace::record_passed(this, g);
  if (!has_grad) {
    grad = std::move(g);
    has_grad = true;
  } else {
    xt::noalias(grad) += g;
  }
}

Var::Var(Tensor value, bool requires_grad, std::string name) : node_(std::make_shared<Node>()) {
  node_->value = std::move(value);
  node_->requires_grad = requires_grad;
  node_->name = std::move(name);
}

const Tensor& Var::grad() const {
  if (!node_->has_grad) {
    node_->grad = xt::zeros<double>(node_->value.shape());
    node_->has_grad = true;
  }
  return node_->grad;
}

double Var::item() const {
  if (node_->value.shape(0) != 1 || node_->value.shape(1) != 1) {
    throw std::invalid_argument("item(): value is " + shape_str(node_->value) + ", not 1x1");
  }
  return node_->value(0, 0);
}

void Var::zero_grad() const { node_->has_grad = false; }

Var Var::from_op(std::string op, Tensor value, const std::vector<Var>& inputs,
                 BackwardFn backward) {
  return from_op(std::move(op), &kNoMath, std::move(value), inputs, std::move(backward));
}

Var Var::from_op(std::string op, const OpMath* math, Tensor value,
                 const std::vector<Var>& inputs, BackwardFn backward) {
  auto node = std::make_shared<Node>();
  node->value = std::move(value);
  node->op = std::move(op);
  node->math = math != nullptr ? math : &kNoMath;
  bool any_input_requires_grad = false;
  for (const Var& in : inputs) any_input_requires_grad |= in.requires_grad();
  if (g_grad_enabled && any_input_requires_grad) {
    node->requires_grad = true;
    node->backward = std::move(backward);
    node->parents.reserve(inputs.size());
    for (const Var& in : inputs) node->parents.push_back(in.node());
  }
  return Var(std::move(node));
}

std::vector<Node*> topological_order(const Var& root) {
  // Depth-first search with an explicit stack (deep graphs must not overflow the C++ stack):
  // a node is emitted after all of its parents.
  std::vector<Node*> order;
  std::unordered_set<Node*> seen;
  std::vector<std::pair<Node*, std::size_t>> stack;  // node, index of next parent to visit
  stack.emplace_back(root.node().get(), 0);
  seen.insert(root.node().get());
  while (!stack.empty()) {
    auto& [node, next] = stack.back();
    if (next < node->parents.size()) {
      Node* parent = node->parents[next++].get();
      if (seen.insert(parent).second) stack.emplace_back(parent, 0);
    } else {
      order.push_back(node);
      stack.pop_back();
    }
  }
  return order;
}

void Var::backward() const {
  if (!node_) throw std::logic_error("backward() on an empty Var");
  if (node_->value.shape(0) != 1 || node_->value.shape(1) != 1) {
    throw std::invalid_argument("backward(): the value must be a 1x1 scalar (a loss), got " +
                                shape_str(node_->value) +
                                "; reduce it first, e.g. with sum() or mean()");
  }
  if (!node_->requires_grad) {
    throw std::invalid_argument("backward(): this value does not depend on any parameter "
                                "(or was computed under NoGradGuard), so it has no gradient");
  }
  const std::vector<Node*> order = topological_order(*this);
  for (Node* n : order) {
    if (!n->is_leaf()) n->has_grad = false;  // intermediate results start from zero each time
  }
  BackwardTrace* const trace = g_trace;
  if (trace != nullptr) trace->in_step_ = false;  // the seed below is no op's contribution
  node_->accumulate_grad(xt::ones<double>({1, 1}));  // dL/dL = 1
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    Node* n = *it;
    if (n->is_leaf() || !n->has_grad) continue;
    if (trace != nullptr) trace->begin_step(n);
    n->backward(n->grad);
  }
  if (trace != nullptr) trace->in_step_ = false;
}

BackwardTrace::BackwardTrace() {
  if (g_trace != nullptr) throw std::logic_error("BackwardTrace: one is already recording");
  g_trace = this;
}

BackwardTrace::~BackwardTrace() { g_trace = nullptr; }

bool BackwardTrace::recording() { return g_trace != nullptr; }

const BackwardTrace::Step* BackwardTrace::step_of(const Node* node) const {
  for (const Step& s : steps_) {
    if (s.node == node) return &s;
  }
  return nullptr;
}

void BackwardTrace::begin_step(const Node* node) {
  steps_.push_back(Step{node, node->grad, {}, {}});  // a copy: dL/d(node), now complete
  in_step_ = true;
}

void BackwardTrace::record_local(std::size_t input, const char* formula, Tensor value) {
  if (g_trace == nullptr || !g_trace->in_step_) return;
  g_trace->steps_.back().locals.push_back(Local{input, formula, std::move(value)});
}

void BackwardTrace::record_passed(const Node* target, const Tensor& g) {
  if (g_trace == nullptr || !g_trace->in_step_) return;
  g_trace->steps_.back().passed.emplace_back(target, g);
}

}  // namespace tinynn
