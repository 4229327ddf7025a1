#!/usr/bin/env python3
"""Writes the CSV files behind the large-input figures of bench/README.md.

    large_csv.py fashion OUT.csv [REPEATS]   Fashion-MNIST's training images as CSV: a header
                                             label,pixel1..pixel784, then one row per image
                                             (label, 784 bytes), REPEATS times (default 4: 240,000
                                             rows, 532 MB)
    large_csv.py wide OUT.csv [COLUMNS]      a header of COLUMNS names c0..c{COLUMNS-1} (default
                                             1,000,000) and three rows, target c0
"""
import gzip
import sys

def fashion(out, repeats):
    import numpy as np
    d = '/usr/share/datasets/fashion-mnist/'
    images = np.frombuffer(gzip.open(d + 'train-images-idx3-ubyte.gz').read()[16:], dtype=np.uint8).reshape(-1, 784)
    labels = np.frombuffer(gzip.open(d + 'train-labels-idx1-ubyte.gz').read()[8:], dtype=np.uint8)
    rows = np.concatenate([labels[:, None], images], axis=1)
    with open(out, 'w') as f:
        f.write('label,' + ','.join('pixel%d' % i for i in range(1, 785)) + '\n')
        for _ in range(repeats):
            for r in rows:
                f.write(','.join(map(str, r.tolist())) + '\n')

def wide(out, columns):
    with open(out, 'w') as f:
        f.write(','.join('c%d' % c for c in range(columns)) + '\n')
        for r in range(3):
            f.write(str(r % 2) + ',1' * (columns - 1) + '\n')

if __name__ == '__main__':
    kind, out = sys.argv[1], sys.argv[2]
    if kind == 'fashion':
        fashion(out, int(sys.argv[3]) if len(sys.argv) > 3 else 4)
    else:
        wide(out, int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000)
