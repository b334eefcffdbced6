// The autograd graph as a picture: Graphviz DOT text, one box per node (its op, name, shape,
// and for small tensors its value and gradient), one arrow per input → result. Render it with
// `dot -Tsvg graph.dot -o graph.svg` (Graphviz is not needed to write it).
#pragma once

#include <string>

#include "tinynn/autograd/var.hpp"

namespace tinynn {

struct DotOptions {
  /// Tensors of at most this many elements show their numbers; larger ones their norms.
  std::size_t max_elements = 16;
  int digits = 4;  ///< significant digits of the numbers shown (1 … 17)
};

/// The graph that computed `root`, as a DOT digraph. Nodes are numbered [1], [2], … in
/// topological order (inputs first, `root` last), as tinynn explain numbers them; parameters,
/// constants (inputs) and ops are drawn in different styles, the root with a double border.
/// After root.backward() the boxes show each gradient dL/d(value) too. Every label is
/// escaped, so any node name gives valid DOT.
std::string to_dot(const Var& root, const DotOptions& options = {});

/// A DOT string literal: `text` in double quotes with `"` and `\` escaped and each newline
/// written as \l (a left-justified line break), ending with one.
std::string dot_quoted(const std::string& text);

/// `v` with `digits` significant digits, as printf's %.*g ("0.5", "-1.23e-05").
std::string number_text(double v, int digits);

/// √(Σ x²) over every element (the Frobenius norm).
double frobenius_norm(const Tensor& t);

}  // namespace tinynn
