// Package objective is the classroom two-layer network and its training loss.
//
// The network maps D inputs through M sigmoid hidden units to K softmax
// outputs. All weights live in one parameter vector, laid out as in the
// classroom exercise: first w (M rows of D+1, row-major, the bias last in each
// row), then v (K rows of M+1, the bias last):
//
//	b_j = sum_i w[j][i]*x_i + w[j][D]       z_j = sigmoid(b_j)
//	a_k = sum_j v[k][j]*z_j + v[k][M]       y_k = softmax(a)_k
//
// The loss E is the mean cross-entropy of y against the one-hot targets over
// the training samples, plus an optional (lambda/2)*|wv|^2. It is computed with
// a stable sigmoid and log-sum-exp, so E and its gradient are finite wherever
// the activations are, including weights of size 1e6 where the naive formula
// gives NaN.
//
// The package knows nothing of optimizers: it offers functions of the
// parameter vector (Func, Grad, FuncGrad) that any minimizer can call.
package objective
