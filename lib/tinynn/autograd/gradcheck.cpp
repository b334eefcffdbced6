// Finite-difference gradient check (see gradcheck.hpp).
#include "tinynn/autograd/gradcheck.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace tinynn {

namespace {

thread_local KinkTrace* g_trace = nullptr;

// Records the kinks of one evaluation of f into `trace` while alive.
class Recording {
 public:
  explicit Recording(KinkTrace& trace) : previous_(g_trace) {
    trace.calls.clear();
    trace.pieces.clear();
    g_trace = &trace;
  }
  ~Recording() { g_trace = previous_; }
  Recording(const Recording&) = delete;
  Recording& operator=(const Recording&) = delete;

 private:
  KinkTrace* previous_;
};

// The op whose kink lies between two evaluations, or nullptr when there is none: some input
// on another smooth piece in `other` than in `base`, or on a piece where its op's backward
// is a convention. (Both evaluations run the same code, so their calls line up.)
const char* kink_between(const KinkTrace& base, const KinkTrace& other) {
  if (base.calls.size() != other.calls.size() || base.pieces.size() != other.pieces.size()) {
    return "a different path through f";
  }
  for (std::size_t c = 0; c < base.calls.size(); ++c) {
    const std::size_t end = c + 1 < base.calls.size() ? base.calls[c + 1].begin : base.pieces.size();
    for (std::size_t k = base.calls[c].begin; k < end; ++k) {
      if (base.pieces[k] != other.pieces[k] || (other.pieces[k] & KinkTrace::kConvention) != 0) {
        return base.calls[c].op;
      }
    }
  }
  return nullptr;
}

// The elements of a parameter of n elements to look at: all of them, or `limit` chosen at
// random (then sorted, so the check walks the parameter in order).
std::vector<std::size_t> chosen_elements(std::size_t n, std::size_t limit, Rng& rng) {
  std::vector<std::size_t> all(n);
  for (std::size_t k = 0; k < n; ++k) all[k] = k;
  if (limit == 0 || limit >= n) return all;
  std::vector<std::size_t> chosen = permutation(n, rng);
  chosen.resize(limit);
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

// The rounding rule. Evaluating f in double rounds each value it computes, to about one unit
// in its last place, ε/2 with ε = 2⁻⁵². The two evaluations of a central difference do not
// round alike, so the numeric derivative carries an error of about ε·s/h, where s is the size
// of the values whose rounding reaches f at full weight (gradcheck_model: the loss terms and
// the network's outputs, weighted by their gradients). kRoundingFactor = 4 turns that estimate
// into a bound: on the shipped example runs, at their initial and their trained weights, the
// observed |analytic − numeric| never exceeded 0.85·ε·s/h. An element whose error is above
// the tolerance is left unresolved only when |a − n| is within this bound: rounding alone
// could have put a right gradient there. Beyond the bound the element fails, however small
// its gradient (a backward that drops small gradients is caught).
constexpr double kRoundingFactor = 4.0;

}  // namespace

std::uint8_t* KinkTrace::append(const char* op, std::size_t n) {
  calls.push_back({op, pieces.size()});
  pieces.resize(pieces.size() + n);
  return pieces.data() + (pieces.size() - n);
}

KinkTrace* active_kink_trace() { return g_trace; }

std::vector<ParameterCheck> gradcheck_parameters(
    const std::function<Var()>& f, const std::vector<std::pair<std::string, Var>>& params,
    const GradcheckOptions& options) {
  // Analytic gradients: one forward, one backward.
  for (const auto& [name, p] : params) p.zero_grad();
  f().backward();
  std::vector<Tensor> analytic;
  for (const auto& [name, p] : params) analytic.push_back(p.grad());
  const double scale = options.rounding_scale ? options.rounding_scale() : 0.0;
  for (const auto& [name, p] : params) p.zero_grad();

  // Numeric gradients: two evaluations per element, no graph recorded.
  NoGradGuard no_grad;
  const std::function<Tensor()> evaluate =
      options.terms ? options.terms : std::function<Tensor()>([&] { return f().value(); });
  KinkTrace at_theta, plus, minus;
  {
    const Recording recording(at_theta);
    evaluate();
  }
  Rng rng(options.seed);
  std::vector<std::vector<std::size_t>> chosen;  // drawn first, so the total is known
  std::size_t total = 0, done = 0;
  for (const auto& [name, p] : params) {
    chosen.push_back(chosen_elements(p.value().size(), options.max_elements, rng));
    total += chosen.back().size();
  }
  std::vector<ParameterCheck> checks;
  for (std::size_t i = 0; i < params.size(); ++i) {
    Tensor& x = params[i].second.mutable_value();
    ParameterCheck c;
    c.name = params[i].first;
    c.rows = x.shape(0);
    c.cols = x.shape(1);
    const std::vector<std::size_t>& elements = chosen[i];
    c.sampled = elements.size();
    if (scale > 0) c.resolution = kRoundingFactor * std::numeric_limits<double>::epsilon() * scale / 1e-6;
    for (const std::size_t k : elements) {
      if (options.on_progress) options.on_progress(done++, total);
      const double x0 = x.data()[k];
      const double h = 1e-6 * std::max(1.0, std::abs(x0));
      const double x_plus = x0 + h, x_minus = x0 - h;
      Tensor f_plus, f_minus;
      x.data()[k] = x_plus;
      {
        const Recording recording(plus);
        f_plus = evaluate();
      }
      x.data()[k] = x_minus;
      {
        const Recording recording(minus);
        f_minus = evaluate();
      }
      x.data()[k] = x0;

      const char* kink = kink_between(at_theta, plus);
      if (kink == nullptr) kink = kink_between(at_theta, minus);
      if (kink != nullptr) {
        ++c.kinks;
        ++c.kink_ops[kink];
        continue;
      }
      double difference = 0;  // Σ over the terms of f(θ + h) − f(θ − h)
      for (std::size_t j = 0; j < f_plus.size(); ++j) difference += f_plus.data()[j] - f_minus.data()[j];
      // The step actually taken: 2h, up to the rounding of θ ± h.
      const double step = x_plus - x_minus;
      const double numeric = difference / step;
      const double a = analytic[i].data()[k];
      const double floor = std::max({std::abs(a), std::abs(numeric), 1e-8});
      const double error = std::abs(a - numeric) / floor;
      // Too far apart for the formula, but no farther than rounding can carry a right
      // gradient: not judged. Farther apart than that, the gradient is wrong however small.
      if (scale > 0 && error > options.tolerance && std::isfinite(a) && std::isfinite(numeric)) {
        const double uncertainty =
            kRoundingFactor * std::numeric_limits<double>::epsilon() * scale / (step / 2);
        if (std::abs(a - numeric) <= uncertainty) {
          ++c.unresolved;
          continue;
        }
      }
      const double e = std::isnan(error) ? INFINITY : error;  // NaN is the worst error
      if (c.checked == 0 || e > c.worst_error) {
        c.worst_error = e;
        c.worst_element = k;
        c.worst_analytic = a;
        c.worst_numeric = numeric;
      }
      ++c.checked;
    }
    c.passed = c.worst_error <= options.tolerance;
    checks.push_back(std::move(c));
  }
  return checks;
}

GradcheckResult gradcheck(const std::function<Var()>& f, const std::vector<Var>& params,
                          double tolerance) {
  std::vector<std::pair<std::string, Var>> named;
  for (const Var& p : params) named.emplace_back(p.name(), p);
  GradcheckOptions options;
  options.tolerance = tolerance;
  const std::vector<ParameterCheck> checks = gradcheck_parameters(f, named, options);
  GradcheckResult r;
  for (std::size_t i = 0; i < checks.size(); ++i) {
    const ParameterCheck& c = checks[i];
    r.skipped += c.kinks;
    if (c.checked > 0 && (r.checked == 0 || c.worst_error > r.worst_error)) {
      r.worst_error = c.worst_error;
      std::ostringstream w;
      w.precision(17);
      w << "parameter " << i;
      if (!c.name.empty()) w << " '" << c.name << "'";
      w << " (" << c.rows << "x" << c.cols << "), element (" << c.worst_element / c.cols << ", "
        << c.worst_element % c.cols << "): analytic " << c.worst_analytic << ", numeric "
        << c.worst_numeric;
      r.worst_where = w.str();
    }
    r.checked += c.checked;
  }
  r.passed = r.checked > 0 && r.worst_error <= tolerance;
  return r;
}

GradcheckResult gradcheck(const std::function<Var(const std::vector<Var>&)>& f,
                          const std::vector<Tensor>& inputs, double tolerance) {
  std::vector<Var> vars;
  for (const Tensor& t : inputs) vars.push_back(parameter(t));
  return gradcheck([&] { return f(vars); }, vars, tolerance);
}

}  // namespace tinynn
