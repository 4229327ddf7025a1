#!/usr/bin/python3
"""CNN-S in PyTorch, epoch by epoch: from its own seed, or from chainrule's initial weights and batch order.

usage: torch_cnn_trajectory.py DATA_DIR EPOCHS (--seed N | --from DIR) [--threads T]
  --seed N    torch.manual_seed(N), PyTorch's default initialization and torch.randperm order: with N = 0 this
              is ../shared/bench/torch_cnn.py's run (same draws, same order)
  --from DIR  the initial weights DIR/init.safetensors and the row order DIR/order.i32 (int32, EPOCHS x 60000)
              that dev.chainrule.bench.TrainingPlanExport writes for `chainrule train --seed S`
  --threads T torch threads (default 1)
Network and recipe as torch_cnn.py (CNN-S, pixels / 255, SGD lr 0.05 momentum 0.9, batch 128, the last batch of an
epoch the 96 rows left). One JSON line per epoch, with chainrule's `--log` columns: train_loss and train_accuracy
over the epoch's batches (each batch's loss before its step, weighted by its rows), test_loss and test_accuracy
after the epoch; then a summary line. With --from, when DIR/steps.csv holds chainrule's batch losses of the first
epoch (TrainingPlanExport with an IDX folder), also a line comparing them with PyTorch's, batch by batch (PyTorch's
go to DIR/steps-pytorch.csv). Needs Debian's python3-torch and python3-numpy; run with /usr/bin/python3.
"""
import gzip, json, os, struct, sys, time
import numpy as np, torch

def idx(path):
    with gzip.open(path, 'rb') as f:
        data = f.read()
    nd = struct.unpack('>I', data[:4])[0] & 0xff
    dims = struct.unpack('>' + 'I' * nd, data[4:4 + 4 * nd])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * nd).reshape(dims)

def safetensors(path):
    """The tensors of a safetensors file (F32 only), by name."""
    with open(path, 'rb') as f:
        raw = f.read()
    n = struct.unpack('<Q', raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, meta in header.items():
        if name == '__metadata__':
            continue
        assert meta['dtype'] == 'F32', (name, meta['dtype'])
        a, b = meta['data_offsets']
        out[name] = torch.from_numpy(np.frombuffer(raw, dtype='<f4', count=(b - a) // 4, offset=8 + n + a)
                                     .reshape(meta['shape']).copy())
    return out

argv = sys.argv[1:]
def option(name):
    if name in argv:
        i = argv.index(name)
        value = argv[i + 1]
        del argv[i:i + 2]
        return value
    return None
seed, source, threads = option('--seed'), option('--from'), int(option('--threads') or 1)
if (seed is None) == (source is None) or len(argv) != 2:
    sys.exit(__doc__)
d = argv[0].rstrip('/') + '/'
epochs = int(argv[1])
X = torch.from_numpy(idx(d + 'train-images-idx3-ubyte.gz').reshape(-1, 1, 28, 28).astype(np.float32) / 255)
y = torch.from_numpy(idx(d + 'train-labels-idx1-ubyte.gz').astype(np.int64))
Xt = torch.from_numpy(idx(d + 't10k-images-idx3-ubyte.gz').reshape(-1, 1, 28, 28).astype(np.float32) / 255)
yt = torch.from_numpy(idx(d + 't10k-labels-idx1-ubyte.gz').astype(np.int64))
torch.set_num_threads(threads)
torch.manual_seed(int(seed) if seed is not None else 0)

model = torch.nn.Sequential(torch.nn.Conv2d(1, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                            torch.nn.Conv2d(16, 32, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                            torch.nn.Flatten(),
                            torch.nn.Linear(32 * 7 * 7, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
order = None
if source is not None:
    state = safetensors(source.rstrip('/') + '/init.safetensors')
    model.load_state_dict(state, strict=True)
    order = np.fromfile(source.rstrip('/') + '/order.i32', dtype='<i4')
    if order.size < epochs * len(X):
        sys.exit('order.i32 has %d rows, %d epochs need %d' % (order.size, epochs, epochs * len(X)))
    order = torch.from_numpy(order[:epochs * len(X)].astype(np.int64).reshape(epochs, len(X)))
opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
loss_fn = torch.nn.CrossEntropyLoss()

def evaluate():
    model.eval()
    with torch.no_grad():
        loss, correct = 0.0, 0
        for i in range(0, len(Xt), 1000):
            z = model(Xt[i:i + 1000])
            loss += float(torch.nn.functional.cross_entropy(z, yt[i:i + 1000], reduction='sum'))
            correct += int((z.argmax(1) == yt[i:i + 1000]).sum())
    return loss / len(Xt), correct / len(Xt)

start = time.perf_counter()
for e in range(epochs):
    model.train()
    perm = order[e] if order is not None else torch.randperm(len(X))
    loss_sum, correct, steps = 0.0, 0, []
    for i in range(0, len(X), 128):
        b = perm[i:i + 128]
        opt.zero_grad()
        z = model(X[b])
        loss = loss_fn(z, y[b])
        loss.backward()
        opt.step()
        loss_sum += float(loss) * len(b)
        steps.append(float(loss))
        correct += int((z.argmax(1) == y[b]).sum())
    test_loss, test_acc = evaluate()
    if e == 0 and source is not None and os.path.exists(source.rstrip('/') + '/steps.csv'):
        with open(source.rstrip('/') + '/steps-pytorch.csv', 'w') as f:
            f.write('epoch,batch,rows,loss\n' + ''.join('1,%d,%d,%.9g\n' % (i + 1, min(128, len(X) - 128 * i), v)
                                                       for i, v in enumerate(steps)))
        theirs = [float(l.split(',')[3]) for l in open(source.rstrip('/') + '/steps.csv').read().split()[1:]]
        diff = [abs(a - b) for a, b in zip(steps, theirs)]
        at = {str(k): {"chainrule": round(theirs[k - 1], 7), "pytorch": round(steps[k - 1], 7)}
              for k in (1, 2, 5, 10, 20, 50, 100, 200, 300, 469) if k <= min(len(steps), len(theirs))}
        print(json.dumps({"first_epoch_batches": len(theirs), "max_abs_loss_diff_batches_1_10": max(diff[:10]),
                          "max_abs_loss_diff_batches_1_50": max(diff[:50]), "loss_at_batch": at}), flush=True)
    print(json.dumps({"epoch": e + 1, "train_loss": round(loss_sum / len(X), 6), "train_accuracy": round(correct / len(X), 6),
                      "test_loss": round(test_loss, 6), "test_accuracy": round(test_acc, 4)}), flush=True)
print(json.dumps({"impl": "pytorch " + torch.__version__, "network": "cnn-s",
                  "start": ("chainrule " + source) if source is not None else "torch seed " + seed,
                  "threads": threads, "epochs": epochs, "seconds": round(time.perf_counter() - start, 2),
                  "test_accuracy": round(test_acc, 4)}))
