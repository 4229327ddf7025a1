#!/usr/bin/env python3
"""Seed 000's split and initial weights, made once with numpy, as test fixtures.

Run from this folder: python3 make_fixture.py ../binary.csv
It repeats the seeds' data_prep.py with numpy alone (pandas' get_dummies is the four 0/1
columns rank_1..rank_4; mean and sample standard deviation over all 400 rows; then
np.random.seed(21) and np.random.choice(data.index, size=int(len(data)*0.9), replace=False),
training rows in the order drawn, test rows in file order), then seed 000's program
(np.random.seed(21), the weights, 900 full-batch epochs), and writes:

  train.csv, test.csv   the prepared rows: admit,gre,gpa,rank_1,...,rank_4
  network.json          the 6-2-1 sigmoid network with the seed's initial weights
  expected.json         the weights after 900 epochs, the printed losses and the accuracy
  seed-output.txt       what the seed's program prints (its eleven lines)
"""
import json
import sys

import numpy as np


def fmt(v):
    return repr(float(v))


def compact(obj):
    """JSON with one line per top-level entry and per layer, numbers as repr (exact)."""
    lines = []
    for key, value in obj.items():
        if key == 'layers':
            inner = ',\n            '.join(json.dumps(layer) for layer in value)
            lines.append('"layers": [' + inner + ']')
        else:
            lines.append(json.dumps(key) + ': ' + json.dumps(value))
    return '{' + ',\n '.join(lines) + '}\n'


def main(path):
    rows = np.genfromtxt(path, delimiter=',', skip_header=1)
    admit, gre, gpa, rank = rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3]
    dummies = np.stack([(rank == r).astype(float) for r in (1, 2, 3, 4)], axis=1)

    def standardize(c):
        return (c - c.mean()) / c.std(ddof=1)

    data = np.column_stack([standardize(gre), standardize(gpa), dummies])
    np.random.seed(21)
    sample = np.random.choice(np.arange(len(data)), size=int(len(data) * 0.9), replace=False)
    drawn = set(sample.tolist())
    rest = np.array([i for i in range(len(data)) if i not in drawn])
    features, targets = data[sample], admit[sample]
    features_test, targets_test = data[rest], admit[rest]

    header = 'admit,gre,gpa,rank_1,rank_2,rank_3,rank_4\n'
    for name, x, y in (('train.csv', features, targets), ('test.csv', features_test, targets_test)):
        with open(name, 'w') as f:
            f.write(header)
            for xr, yr in zip(x, y):
                f.write(','.join([str(int(yr)), fmt(xr[0]), fmt(xr[1])] + [str(int(v)) for v in xr[2:]]) + '\n')

    # seed 000's program, unchanged but for collecting what it prints
    np.random.seed(21)

    def sigmoid(x):
        return 1 / (1 + np.exp(-x))

    n_hidden, epochs, learnrate = 2, 900, 0.005
    n_records, n_features = features.shape
    last_loss = None
    weights_input_hidden = np.random.normal(scale=1 / n_features ** .5, size=(n_features, n_hidden))
    weights_hidden_output = np.random.normal(scale=1 / n_features ** .5, size=n_hidden)
    network = {'input': int(n_features),
               'layers': [{'dense': n_hidden, 'bias': False, 'weights': weights_input_hidden.tolist()},
                          {'activation': 'sigmoid'},
                          {'dense': 1, 'bias': False, 'weights': [[w] for w in weights_hidden_output.tolist()]},
                          {'activation': 'sigmoid'}],
               'loss': 'half-sse'}
    printed, losses = [], []
    for e in range(epochs):
        del_w_input_hidden = np.zeros(weights_input_hidden.shape)
        del_w_hidden_output = np.zeros(weights_hidden_output.shape)
        for x, y in zip(features, targets):
            hidden_output = sigmoid(np.dot(x, weights_input_hidden))
            output = sigmoid(np.dot(hidden_output, weights_hidden_output))
            output_error_term = (y - output) * output * (1 - output)
            hidden_error_term = output_error_term * weights_hidden_output * hidden_output * (1 - hidden_output)
            del_w_hidden_output += output_error_term * hidden_output
            del_w_input_hidden += hidden_error_term * x[:, None]
        weights_input_hidden += learnrate * del_w_input_hidden / n_records
        weights_hidden_output += learnrate * del_w_hidden_output / n_records
        if e % (epochs / 10) == 0:
            # the seed's slip: x is the last training record, so this is that record's output
            # compared with every target
            hidden_output = sigmoid(np.dot(x, weights_input_hidden))
            out = sigmoid(np.dot(hidden_output, weights_hidden_output))
            loss = np.mean((out - targets) ** 2)
            # the seed ran on Python 2, whose str() of a float has 12 significant digits
            line = 'Train loss:  ' + '%.12g' % loss
            if last_loss and last_loss < loss:
                line += '  WARNING - Loss Increasing'
            printed.append(line)
            losses.append(float(loss))
            last_loss = loss
    hidden = sigmoid(np.dot(features_test, weights_input_hidden))
    out = sigmoid(np.dot(hidden, weights_hidden_output))
    accuracy = np.mean((out > 0.5) == targets_test)
    printed.append('Prediction accuracy: {:.3f}'.format(accuracy))

    with open('network.json', 'w') as f:
        f.write(compact(network))
    with open('expected.json', 'w') as f:
        f.write(compact({'epochs': epochs, 'lr': learnrate,
                   'weights_input_hidden': weights_input_hidden.tolist(),
                   'weights_hidden_output': weights_hidden_output.tolist(),
                   'printed_losses': losses,
                   'test_predictions': out.tolist(),
                   'test_accuracy': float(accuracy)}))
    with open('seed-output.txt', 'w') as f:
        f.write('\n'.join(printed) + '\n')


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else '../binary.csv')
