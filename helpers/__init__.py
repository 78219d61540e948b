"""The course's vectorized numpy core.

Layout of the lectures: ``X`` is (n_x, m) with one example per column, ``Y`` is
(1, m), ``W[l]`` is (n[l], n[l-1]) and ``b[l]`` is (n[l], 1).
"""

from ._checks import ShapeError
from .fonts import register_if_loaded as _register_font
from .activations import (
    ACTIVATIONS, leaky_relu, leaky_relu_backward, relu, relu_backward, sigmoid,
    sigmoid_backward, tanh, tanh_backward,
)
from .cost import compute_cost
from .gradient_check import GradientCheckError, gradient_check
from .initialization import initialize_parameters, initialize_parameters_deep, initialize_with_zeros
from .models import DeepNetwork, LogisticRegression, ShallowNetwork, accuracy, predict
from .optimization import StopTraining, TrainingDiverged, gradient_descent, update_parameters
from .propagation import (
    L_model_backward, L_model_forward, linear_activation_backward, linear_activation_forward,
    linear_backward, linear_forward, propagate,
)

# the Chinese edition's figures need the course's CJK font (helpers/fonts.py)
_register_font()

__all__ = [
    "sigmoid", "sigmoid_backward", "relu", "relu_backward", "tanh", "tanh_backward",
    "leaky_relu", "leaky_relu_backward", "initialize_with_zeros", "initialize_parameters",
    "initialize_parameters_deep", "linear_forward", "linear_backward",
    "linear_activation_forward", "linear_activation_backward", "L_model_forward",
    "L_model_backward", "compute_cost", "update_parameters", "predict", "gradient_check",
    # beyond the lectures' names
    "ACTIVATIONS", "ShapeError", "GradientCheckError", "TrainingDiverged", "StopTraining",
    "gradient_descent", "propagate", "accuracy",
    "LogisticRegression", "ShallowNetwork", "DeepNetwork",
]
