// One include for everything: #include "tinynn/tinynn.hpp".
#pragma once

#include "tinynn/autograd/gradcheck.hpp"
#include "tinynn/autograd/var.hpp"
#include "tinynn/data/dataset.hpp"
#include "tinynn/data/idx.hpp"
#include "tinynn/init/init.hpp"
#include "tinynn/layers/dense.hpp"
#include "tinynn/layers/sequential.hpp"
#include "tinynn/losses/losses.hpp"
#include "tinynn/ops/ops.hpp"
#include "tinynn/optim/adam.hpp"
#include "tinynn/optim/sgd.hpp"
#include "tinynn/tensor.hpp"
#include "tinynn/train/metrics.hpp"
