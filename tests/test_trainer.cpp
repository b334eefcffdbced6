// The training loop and evaluation (train/trainer.hpp): batching, seeded shuffles, equality
// with a hand-written loop, the divergence diagnosis, metrics on hand-made outputs, history CSV.
#include <cmath>
#include <tuple>

#include "helpers.hpp"

using namespace tinynn;
using Catch::Matchers::Contains;

namespace {

// 10 samples × 3 features with 0/1 targets, drawn from a fixed seed.
struct Data {
  Tensor x, y;
};

Data ten_samples() {
  Rng rng(123);
  Data d{zeros(10, 3), zeros(10, 1)};
  for (std::size_t i = 0; i < 10; ++i) {
    for (std::size_t j = 0; j < 3; ++j) d.x(i, j) = rng.uniform(-1, 1);
    d.y(i, 0) = d.x(i, 0) + d.x(i, 1) > 0 ? 1 : 0;
  }
  return d;
}

// A 3-4-1 sigmoid network whose initial weights come from `seed`.
Sequential small_net(std::uint64_t seed) {
  Rng rng(seed);
  Sequential net;
  net.emplace<Dense>(3, 4, Activation::sigmoid, rng);
  net.emplace<Dense>(4, 1, Activation::sigmoid, rng);
  return net;
}

// A network that outputs its input unchanged: one identity Dense layer, W = I, b = 0. With it
// the "model output" of a test is exactly the x the test writes down.
Sequential pass_through(std::size_t width) {
  Tensor w = zeros(width, width);
  for (std::size_t i = 0; i < width; ++i) w(i, i) = 1;
  Sequential net;
  net.emplace<Dense>(w, zeros(1, width), Activation::identity);
  return net;
}

// One layer y = w·x + b with the given start, 1 input, 1 output.
Sequential line(double w, double b) {
  Sequential net;
  net.emplace<Dense>(filled(1, 1, w), filled(1, 1, b), Activation::identity);
  return net;
}

bool same_parameters(const Module& a, const Module& b) {
  const auto pa = a.named_parameters(), pb = b.named_parameters();
  if (pa.size() != pb.size()) return false;
  for (std::size_t i = 0; i < pa.size(); ++i) {
    if (pa[i].first != pb[i].first || !(pa[i].second.value() == pb[i].second.value())) return false;
  }
  return true;
}

Tensor rows_of(const Tensor& t, std::size_t begin, std::size_t end) {
  Tensor out = zeros(end - begin, t.shape(1));
  for (std::size_t r = begin; r < end; ++r) {
    for (std::size_t c = 0; c < t.shape(1); ++c) out(r - begin, c) = t(r, c);
  }
  return out;
}

std::vector<double> train_losses(const std::vector<EpochStats>& history) {
  std::vector<double> out;
  for (const auto& s : history) out.push_back(s.train_loss);
  return out;
}

}  // namespace

TEST_CASE("fit runs ceil(N / batch) batches per epoch and keeps the last partial one", "[trainer]") {
  const Data d = ten_samples();
  Sequential net = small_net(1);
  Sgd sgd(net.parameters(), 0.1);
  Rng rng(0);
  std::vector<std::tuple<std::int64_t, std::size_t, std::size_t>> batches;
  std::vector<std::int64_t> epochs_seen;
  FitCallbacks callbacks;
  callbacks.on_batch = [&](std::int64_t e, std::size_t b, std::size_t n) { batches.emplace_back(e, b, n); };
  callbacks.on_epoch = [&](const EpochStats& s) { epochs_seen.push_back(s.epoch); };
  FitOptions options;
  options.epochs = 2;
  options.batch_size = 4;
  const auto history = fit(net, Loss::mse, sgd, d.x, d.y, nullptr, nullptr, options, rng, callbacks);
  const std::vector<std::tuple<std::int64_t, std::size_t, std::size_t>> expected = {
      {1, 0, 3}, {1, 1, 3}, {1, 2, 3}, {2, 0, 3}, {2, 1, 3}, {2, 2, 3}};
  CHECK(batches == expected);
  CHECK(epochs_seen == std::vector<std::int64_t>{1, 2});
  REQUIRE(history.size() == 2);
  CHECK(history[0].epoch == 1);
  CHECK(history[1].epoch == 2);
  CHECK(history[0].train_accuracy.has_value());  // mse on 0/1 targets is a classification
  CHECK_FALSE(history[0].test_loss.has_value());  // no test set given
  CHECK(history[1].seconds >= history[0].seconds);

  SECTION("batch_size 0, N and more than N are all one full batch") {
    for (const std::int64_t size : {0, 10, 11, 1000}) {
      Sequential net2 = small_net(1);
      Sgd sgd2(net2.parameters(), 0.1);
      std::size_t calls = 0, reported = 0;
      FitCallbacks cb;
      cb.on_batch = [&](std::int64_t, std::size_t, std::size_t n) {
        ++calls;
        reported = n;
      };
      FitOptions o;
      o.epochs = 3;
      o.batch_size = size;
      fit(net2, Loss::mse, sgd2, d.x, d.y, nullptr, nullptr, o, rng, cb);
      INFO("batch_size " << size);
      CHECK(calls == 3);
      CHECK(reported == 1);
    }
  }
}

TEST_CASE("fit without shuffling equals a hand-written loop with Sgd, bit for bit", "[trainer]") {
  const Data d = ten_samples();
  Rng rng(0);

  SECTION("full batch") {
    Sequential net = small_net(5), hand = small_net(5);
    REQUIRE(same_parameters(net, hand));
    Sgd sgd(net.parameters(), 0.5), hand_sgd(hand.parameters(), 0.5);
    FitOptions o;
    o.epochs = 20;
    o.shuffle = false;
    const auto history = fit(net, Loss::mse, sgd, d.x, d.y, nullptr, nullptr, o, rng);
    std::vector<double> losses;
    for (int epoch = 0; epoch < 20; ++epoch) {
      hand_sgd.zero_grad();
      const Var loss = mse(hand.forward(constant(d.x)), d.y);
      losses.push_back(loss.item());
      loss.backward();
      hand_sgd.step();
    }
    CHECK(train_losses(history) == losses);  // exact
    CHECK(same_parameters(net, hand));
    CHECK(losses.back() < losses.front());   // it did learn something
  }

  SECTION("batches of 4, 4 and 2, the epoch loss weighted by batch size") {
    Sequential net = small_net(5), hand = small_net(5);
    Sgd sgd(net.parameters(), 0.5), hand_sgd(hand.parameters(), 0.5);
    FitOptions o;
    o.epochs = 5;
    o.batch_size = 4;
    o.shuffle = false;
    const auto history = fit(net, Loss::mse, sgd, d.x, d.y, nullptr, nullptr, o, rng);
    std::vector<double> losses;
    for (int epoch = 0; epoch < 5; ++epoch) {
      double sum = 0;
      for (std::size_t begin = 0; begin < 10; begin += 4) {
        const std::size_t end = std::min<std::size_t>(10, begin + 4);
        hand_sgd.zero_grad();
        const Var loss = mse(hand.forward(constant(rows_of(d.x, begin, end))), rows_of(d.y, begin, end));
        sum += loss.item() * static_cast<double>(end - begin);
        loss.backward();
        hand_sgd.step();
      }
      losses.push_back(sum / 10);
    }
    CHECK(train_losses(history) == losses);
    CHECK(same_parameters(net, hand));
  }
}

TEST_CASE("fit shuffles from its Rng: the same seed repeats exactly, another seed differs",
          "[trainer]") {
  const Data d = ten_samples();
  const auto run = [&](std::uint64_t shuffle_seed, bool shuffle, std::vector<EpochStats>& history) {
    Sequential net = small_net(7);
    Sgd sgd(net.parameters(), 0.5);
    Rng rng(shuffle_seed);
    FitOptions o;
    o.epochs = 10;
    o.batch_size = 4;
    o.shuffle = shuffle;
    history = fit(net, Loss::mse, sgd, d.x, d.y, nullptr, nullptr, o, rng);
    return net;
  };
  std::vector<EpochStats> a, b, c, off1, off2;
  const Sequential net_a = run(11, true, a);
  const Sequential net_b = run(11, true, b);
  const Sequential net_c = run(12, true, c);
  const Sequential net_off1 = run(11, false, off1);
  const Sequential net_off2 = run(12, false, off2);
  CHECK(train_losses(a) == train_losses(b));
  CHECK(same_parameters(net_a, net_b));
  CHECK(train_losses(a) != train_losses(c));
  CHECK_FALSE(same_parameters(net_a, net_c));
  // Without shuffling the Rng is not used: the seed makes no difference, and the order is
  // not the shuffled one.
  CHECK(train_losses(off1) == train_losses(off2));
  CHECK(train_losses(off1) != train_losses(a));
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].train_accuracy == b[i].train_accuracy);
    CHECK(a[i].epoch == static_cast<std::int64_t>(i + 1));
  }
}

TEST_CASE("fit reports the test set after each epoch and the accuracy before each update",
          "[trainer]") {
  const Data d = ten_samples();
  const Data test{Tensor(rows_of(d.x, 0, 6) * 0.5), rows_of(d.y, 0, 6)};
  Sequential net = small_net(3);
  const Evaluation before = evaluate(net, Loss::mse, d.x, d.y);
  Sgd sgd(net.parameters(), 0.5);
  Rng rng(0);
  FitOptions o;
  o.epochs = 4;
  const auto history = fit(net, Loss::mse, sgd, d.x, d.y, &test.x, &test.y, o, rng);
  REQUIRE(history.size() == 4);
  // Full batch: epoch 1's training accuracy is the untrained network's.
  REQUIRE(history[0].train_accuracy.has_value());
  CHECK(*history[0].train_accuracy == before.accuracy);
  const Evaluation after = evaluate(net, Loss::mse, test.x, test.y);
  REQUIRE(history[3].test_loss.has_value());
  REQUIRE(history[3].test_accuracy.has_value());
  CHECK(*history[3].test_loss == after.loss);
  CHECK(*history[3].test_accuracy == after.accuracy);
  CHECK(*history[0].test_loss != *history[3].test_loss);

  SECTION("mse on non-binary targets: no accuracy, train or test") {
    const Tensor y = d.y * 0.5 + 0.25;
    const Tensor test_y = test.y * 0.5 + 0.25;
    Sequential net2 = small_net(3);
    Sgd sgd2(net2.parameters(), 0.5);
    const auto h = fit(net2, Loss::mse, sgd2, d.x, y, &test.x, &test_y, o, rng);
    CHECK_FALSE(h[0].train_accuracy.has_value());
    CHECK(h[0].test_loss.has_value());
    CHECK_FALSE(h[0].test_accuracy.has_value());
  }
}

TEST_CASE("fit rejects data whose sample counts do not fit", "[trainer]") {
  Sequential net = small_net(1);
  Sgd sgd(net.parameters(), 0.1);
  Rng rng(0);
  const Data d = ten_samples();
  CHECK_THROWS_AS(fit(net, Loss::mse, sgd, d.x, rows_of(d.y, 0, 9), nullptr, nullptr, {}, rng),
                  std::invalid_argument);
  CHECK_THROWS_AS(fit(net, Loss::mse, sgd, zeros(0, 3), zeros(0, 1), nullptr, nullptr, {}, rng),
                  std::invalid_argument);
}

TEST_CASE("fit stops on divergence naming the epoch, the batch and the first bad parameter",
          "[trainer]") {
  Rng rng(0);
  FitOptions o;
  o.epochs = 10;
  o.batch_size = 1;
  o.shuffle = false;
  o.hint = "Hint: lower the learning rate";

  SECTION("a parameter overflows in an update: the batch and its name") {
    // Two samples at x = 0 have output 0 = target and no gradient; the third, at x = 1, has
    // loss 1 and gradient 2 for both w and b: 1e308 · 2 overflows both, w is named first.
    Sequential net = line(1, 0);
    Sgd sgd(net.parameters(), 1e308);
    std::size_t epochs_done = 0;
    FitCallbacks cb;
    cb.on_epoch = [&](const EpochStats&) { ++epochs_done; };
    try {
      fit(net, Loss::mse, sgd, from_rows({{0}, {0}, {1}}), from_rows({{0}, {0}, {0}}), nullptr,
          nullptr, o, rng, cb);
      FAIL("fit did not throw");
    } catch (const TrainingDiverged& e) {
      const std::string m = e.what();
      CHECK_THAT(m, Contains("epoch 1, batch 3 of 3") && Contains("0.weight (row 0, column 0 is -inf)") &&
                        Contains("the loss before it was 1") && Contains("Hint: lower the learning rate"));
    }
    CHECK(epochs_done == 0);
  }

  SECTION("only the bias overflows: it is the one named") {
    // At x = 0 the weight's gradient is 0; the bias's is 2·(0 − 1) = −2.
    Sequential net = line(1, 0);
    Sgd sgd(net.parameters(), 1e308);
    CHECK_THROWS_WITH(fit(net, Loss::mse, sgd, from_rows({{0}}), from_rows({{1}}), nullptr, nullptr, o, rng),
                      Contains("epoch 1, batch 1 of 1") && Contains("parameter 0.bias (row 0, column 0 is inf)") &&
                          !Contains("0.weight"));
  }

  SECTION("the loss overflows first, in a later epoch") {
    // y = w·x + b at x = 1, target 0, lr 1e100: s = w + b goes 1 → −4e100 → 1.6e201, whose
    // square overflows at the start of epoch 3 while w and b are still finite.
    Sequential net = line(1, 0);
    Sgd sgd(net.parameters(), 1e100);
    std::vector<std::int64_t> epochs_done;
    FitCallbacks cb;
    cb.on_epoch = [&](const EpochStats& s) { epochs_done.push_back(s.epoch); };
    CHECK_THROWS_WITH(fit(net, Loss::mse, sgd, from_rows({{1}}), from_rows({{0}}), nullptr, nullptr, o, rng, cb),
                      Contains("epoch 3, batch 1 of 1: the loss is inf") &&
                          Contains("every parameter is still finite") && Contains("Hint: lower the learning rate"));
    CHECK(epochs_done == std::vector<std::int64_t>{1, 2});
  }

  SECTION("a sane learning rate does not throw") {
    Sequential net = line(1, 0);
    Sgd sgd(net.parameters(), 0.1);
    CHECK_NOTHROW(fit(net, Loss::mse, sgd, from_rows({{1}}), from_rows({{0}}), nullptr, nullptr, o, rng));
  }
}

TEST_CASE("evaluate: binary confusion matrix, accuracy, precision, recall and F1", "[trainer]") {
  // The pass-through model outputs x: these are the probabilities.
  const std::vector<double> p = {0.9, 0.8, 0.3, 0.6, 0.7, 0.1, 0.2, 0.4};
  const std::vector<double> t = {1, 1, 1, 0, 0, 0, 0, 0};
  Tensor x = zeros(8, 1), y = zeros(8, 1);
  double expected_loss = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    x(i, 0) = p[i];
    y(i, 0) = t[i];
    expected_loss -= t[i] == 1 ? std::log(p[i]) : std::log(1 - p[i]);
  }
  expected_loss /= 8;
  Sequential net = pass_through(1);
  const Evaluation e = evaluate(net, Loss::binary_cross_entropy, x, y);
  // Predicted 1 1 0 1 1 0 0 0 against 1 1 1 0 0 0 0 0: TP 2, FN 1, FP 2, TN 3.
  CHECK(e.classification);
  CHECK(e.classes == 2);
  CHECK(e.confusion == std::vector<std::vector<std::size_t>>{{3, 2}, {1, 2}});
  CHECK(e.accuracy == 5.0 / 8);
  CHECK(e.precision == 0.5);
  CHECK(e.recall == 2.0 / 3);
  CHECK(e.f1 == Approx(4.0 / 7).epsilon(1e-15));
  CHECK(e.loss == Approx(expected_loss).epsilon(1e-14));

  SECTION("nothing predicted positive: precision, recall and F1 are 0, not NaN") {
    const Evaluation z = evaluate(net, Loss::binary_cross_entropy, from_rows({{0.1}, {0.2}}),
                                  from_rows({{1}, {0}}));
    CHECK(z.confusion == std::vector<std::vector<std::size_t>>{{1, 0}, {1, 0}});
    CHECK(z.accuracy == 0.5);
    CHECK(z.precision == 0);
    CHECK(z.recall == 0);
    CHECK(z.f1 == 0);
  }

  SECTION("bce_with_logits: the outputs are logits, the threshold is logit 0") {
    const Evaluation l = evaluate(net, Loss::bce_with_logits, from_rows({{2}, {-1}, {0}, {-3}}),
                                  from_rows({{1}, {1}, {0}, {0}}));
    CHECK(l.confusion == std::vector<std::vector<std::size_t>>{{1, 1}, {1, 1}});
    CHECK(l.accuracy == 0.5);
  }
}

TEST_CASE("evaluate: the confusion matrix of several classes", "[trainer]") {
  // Logits per row (the pass-through model outputs them) and the true labels.
  const Tensor logits = from_rows({{2, 0, 0}, {0, 3, 0}, {0, 0, 1}, {1, 0, 0}, {0, 0, 5}, {0, 2, 1}});
  const Tensor labels = from_rows({{0}, {1}, {2}, {1}, {0}, {1}});
  double expected_loss = 0;
  for (std::size_t i = 0; i < 6; ++i) {
    double sum = 0;
    for (std::size_t j = 0; j < 3; ++j) sum += std::exp(logits(i, j));
    expected_loss += std::log(sum) - logits(i, static_cast<std::size_t>(labels(i, 0)));
  }
  expected_loss /= 6;
  Sequential net = pass_through(3);
  const Evaluation e = evaluate(net, Loss::cross_entropy, logits, labels);
  CHECK(e.classification);
  CHECK(e.classes == 3);
  // Predicted 0 1 2 0 2 1.
  CHECK(e.confusion == std::vector<std::vector<std::size_t>>{{1, 0, 1}, {1, 2, 0}, {0, 0, 1}});
  CHECK(e.accuracy == 4.0 / 6);
  CHECK(e.precision == 0);  // binary-only metrics stay 0
  CHECK(e.loss == Approx(expected_loss).epsilon(1e-14));

  SECTION("mse on one-hot targets: the true class is the column of the 1") {
    const Tensor probabilities = from_rows({{0.8, 0.1, 0.1}, {0.2, 0.7, 0.1}, {0.6, 0.3, 0.1}, {0.1, 0.1, 0.8}});
    const Tensor one_hot = from_rows({{1, 0, 0}, {0, 1, 0}, {0, 1, 0}, {0, 0, 1}});
    const Evaluation m = evaluate(net, Loss::mse, probabilities, one_hot);
    CHECK(m.classification);
    CHECK(m.classes == 3);
    CHECK(m.confusion == std::vector<std::vector<std::size_t>>{{1, 0, 0}, {1, 1, 0}, {0, 0, 1}});
    CHECK(m.accuracy == 0.75);
  }
}

TEST_CASE("evaluate: mse on targets other than 0 and 1 is regression", "[trainer]") {
  Sequential net = pass_through(1);
  const Evaluation e = evaluate(net, Loss::mse, from_rows({{1}, {2}, {4}}), from_rows({{0.5}, {2}, {1}}));
  CHECK_FALSE(e.classification);
  CHECK(e.classes == 0);
  CHECK(e.confusion.empty());
  CHECK(e.accuracy == 0);
  CHECK(e.loss == Approx((0.25 + 0 + 9) / 3).epsilon(1e-15));
}

TEST_CASE("history_csv writes every epoch, optional values as empty fields", "[trainer]") {
  std::vector<EpochStats> history(2);
  history[0].epoch = 1;
  history[0].train_loss = 0.5;
  history[0].train_accuracy = 0.75;
  history[0].seconds = 0.25;
  history[1].epoch = 2;
  history[1].train_loss = 0.1;
  history[1].test_loss = 0.2;
  history[1].test_accuracy = 1.0 / 3;
  history[1].seconds = 1.5;
  CHECK(history_csv(history) ==
        "epoch,train_loss,train_accuracy,test_loss,test_accuracy,seconds\n"
        "1,0.5,0.75,,,0.25\n"
        "2,0.10000000000000001,,0.20000000000000001,0.33333333333333331,1.5\n");
  CHECK(history_csv({}) == "epoch,train_loss,train_accuracy,test_loss,test_accuracy,seconds\n");
  // 17 significant digits read back to the same double.
  CHECK(std::stod("0.33333333333333331") == 1.0 / 3);
}

TEST_CASE("output_to_prediction, predicted_classes and is_classification", "[trainer]") {
  const Tensor z = from_rows({{0}, {2}, {-800}});
  SECTION("mse and binary_cross_entropy: the output itself") {
    CHECK((output_to_prediction(Loss::mse, z) == z));
    CHECK((output_to_prediction(Loss::binary_cross_entropy, from_rows({{0.25}})) == from_rows({{0.25}})));
  }
  SECTION("bce_with_logits: the sigmoid of the logit") {
    const Tensor p = output_to_prediction(Loss::bce_with_logits, z);
    CHECK(p(0, 0) == 0.5);
    CHECK(p(1, 0) == Approx(1 / (1 + std::exp(-2.0))).epsilon(1e-15));
    CHECK(p(2, 0) >= 0);
    CHECK(p(2, 0) < 1e-300);
  }
  SECTION("cross_entropy: the softmax of each row, stable for huge logits") {
    const Tensor p = output_to_prediction(Loss::cross_entropy, from_rows({{0, std::log(3.0)}, {1000, 0}}));
    CHECK(p(0, 0) == Approx(0.25).epsilon(1e-15));
    CHECK(p(0, 1) == Approx(0.75).epsilon(1e-15));
    CHECK(p(1, 0) == 1);
    CHECK(p(1, 1) == 0);
  }
  SECTION("predicted_classes: p >= 0.5 for one column, the first largest for several") {
    CHECK(predicted_classes(from_rows({{0.5}, {0.49999999}, {1}, {0}})) == std::vector<std::size_t>{1, 0, 1, 0});
    CHECK(predicted_classes(from_rows({{0.2, 0.5, 0.3}, {0.4, 0.4, 0.2}, {0, 0, 1}})) ==
          std::vector<std::size_t>{1, 0, 2});
  }
  SECTION("is_classification: the cross-entropies always, mse only for 0/1 targets") {
    const Tensor binary = from_rows({{0}, {1}, {1}});
    const Tensor real = from_rows({{0}, {0.5}, {1}});
    CHECK(is_classification(Loss::mse, binary));
    CHECK_FALSE(is_classification(Loss::mse, real));
    CHECK(is_classification(Loss::binary_cross_entropy, real));
    CHECK(is_classification(Loss::bce_with_logits, real));
    CHECK(is_classification(Loss::cross_entropy, from_rows({{2}, {0}})));
  }
}
