// Graph export (see graph.hpp). Pure text: no Graphviz library, no file I/O.
#include "tinynn/autograd/graph.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <unordered_map>

namespace tinynn {

std::string number_text(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

double frobenius_norm(const Tensor& t) {
  double s = 0;
  for (double v : t) s += v * v;
  return std::sqrt(s);
}

std::string dot_quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\l";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';  // no other control character belongs in a label
    } else {
      out += c;
    }
  }
  if (text.empty() || text.back() != '\n') out += "\\l";
  return out + "\"";
}

namespace {

// The numbers of a small tensor, one row per line, each column right-aligned; or its norm.
std::string tensor_text(const std::string& label, const Tensor& t, const DotOptions& o) {
  if (t.size() > o.max_elements) {
    return label + " ‖·‖ = " + number_text(frobenius_norm(t), o.digits) + "\n";
  }
  std::vector<std::string> cells;
  std::size_t width = 0;
  for (double v : t) {
    cells.push_back(number_text(v, o.digits));
    width = std::max(width, cells.back().size());
  }
  std::string out = label + "\n";
  for (std::size_t i = 0; i < t.shape(0); ++i) {
    out += " ";
    for (std::size_t j = 0; j < t.shape(1); ++j) {
      const std::string& c = cells[i * t.shape(1) + j];
      out += " " + std::string(width - c.size(), ' ') + c;
    }
    out += "\n";
  }
  return out;
}

}  // namespace

std::string to_dot(const Var& root, const DotOptions& options) {
  DotOptions o = options;
  o.digits = std::min(std::max(o.digits, 1), 17);
  const std::vector<Node*> order = topological_order(root);
  std::unordered_map<const Node*, std::size_t> index;  // 1-based, as tinynn explain
  for (std::size_t i = 0; i < order.size(); ++i) index[order[i]] = i + 1;

  std::ostringstream dot;
  dot << "digraph tinynn {\n"
      << "  // " << order.size() << " nodes in topological order; an arrow goes from an input "
      << "to the op that uses it.\n"
      << "  node [shape=box, fontname=\"monospace\", fontsize=10];\n";
  for (std::size_t i = 0; i < order.size(); ++i) {
    const Node& n = *order[i];
    std::string kind, style;
    if (!n.is_leaf()) {
      kind = n.op;
      style = "style=rounded";
    } else if (n.requires_grad) {
      kind = "parameter";
      style = "style=filled, fillcolor=\"#cfe2ff\"";
    } else {
      kind = n.op == "leaf" ? "input" : n.op + " (constant)";  // an op under NoGradGuard
      style = "style=filled, fillcolor=\"#e9ecef\"";
    }
    std::string label = "[" + std::to_string(i + 1) + "] " + kind;
    if (!n.name.empty()) label += "  " + n.name;
    label += "  " + shape_str(n.value) + "\n";
    if (*n.math->forward != '\0') label += std::string(n.math->forward) + "\n";
    for (std::size_t k = 0; k < 2; ++k) {
      if (*n.math->rule(k) != '\0') label += std::string(n.math->rule(k)) + "\n";
    }
    label += tensor_text("value", n.value, o);
    if (n.has_grad) label += tensor_text("grad dL/d(value)", n.grad, o);
    dot << "  n" << i + 1 << " [label=" << dot_quoted(label) << ", " << style
        << (order[i] == root.node().get() ? ", peripheries=2" : "") << "];\n";
  }
  for (std::size_t i = 0; i < order.size(); ++i) {
    for (const NodePtr& p : order[i]->parents) {
      dot << "  n" << index.at(p.get()) << " -> n" << i + 1 << ";\n";
    }
  }
  dot << "}\n";
  return dot.str();
}

}  // namespace tinynn
