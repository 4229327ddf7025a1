package dev.chainrule.model;

import dev.chainrule.layer.Layer;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Tensor;

import java.util.List;

/**
 * The pure predict path of a {@link Sequential}: {@link Layer#infer} layer by layer, with the
 * intermediate results in per-thread buffers (kept for the last row count each thread used),
 * and large batches evaluated a chunk of rows at a time: at most {@value #CHUNK_ROWS}, fewer
 * when the widest layer would make one chunk's buffers exceed the workspace bound, so that
 * the buffers are reused from chunk to chunk (a CNN's image layers are wide). Many
 * threads may predict at once while no training step runs; a steady stream of one batch size
 * allocates only the results.
 */
final class Predictor {
    /** Rows evaluated at a time; bounds the intermediate memory of a large batch. */
    static final int CHUNK_ROWS = 1024;
    private static final long WORKSPACE_MAX_VALUES = 1L << 22;
    private static final Tensor[] NO_BUFFERS = new Tensor[0];

    private final Sequential model;
    private final List<Layer> layers;
    private final Kernels kernels;
    private final int maxHiddenWidth;
    private final int chunkRows;
    private final ThreadLocal<Tensor[]> workspace = new ThreadLocal<>();

    Predictor(Sequential model) {
        this.model = model;
        this.layers = model.layers();
        this.kernels = model.kernels();
        int maxHidden = 1;
        for (int i = 0; i < layers.size() - 1; i++) {
            maxHidden = Math.max(maxHidden, model.width(i));
        }
        this.maxHiddenWidth = maxHidden;
        this.chunkRows = (int) Math.max(1, Math.min(CHUNK_ROWS, WORKSPACE_MAX_VALUES / maxHidden));
    }

    /** The raw outputs for {@code x} (checked by the model): a new {@code [rows, outputs]} tensor. */
    Tensor predictRaw(Tensor x) {
        if (x.rows() <= chunkRows) {
            return predictRows(x);
        }
        Tensor result = Tensor.zeros(model.dtype(), x.rows(), model.outputs());
        Tensor chunk = null;
        for (int from = 0; from < x.rows(); from += chunkRows) {
            int n = Math.min(chunkRows, x.rows() - from);
            if (chunk == null || chunk.rows() != n) {
                chunk = Tensor.zeros(model.dtype(), n, model.inputs());
            }
            kernels.copyRows(x, from, chunk, 0, n);
            kernels.copyRows(predictRows(chunk), 0, result, from, n);
        }
        return result;
    }

    /** One chunk: per-thread intermediate buffers, a new result. */
    private Tensor predictRows(Tensor x) {
        int rows = x.rows();
        int last = layers.size() - 1;
        Tensor[] ws = workspace(rows);
        Tensor h = x;
        for (int i = 0; i < last; i++) {
            Tensor out = ws != null ? ws[i] : Tensor.zeros(model.dtype(), rows, model.width(i));
            layers.get(i).infer(h, out);
            h = out;
        }
        Tensor out = Tensor.zeros(model.dtype(), rows, model.width(last));
        layers.get(last).infer(h, out);
        return out;
    }

    /**
     * This thread's intermediate buffers for batches of {@code rows} (kept for the last row
     * count used), or null for batches too large to keep.
     */
    private Tensor[] workspace(int rows) {
        if ((long) rows * maxHiddenWidth > WORKSPACE_MAX_VALUES) {
            return null;
        }
        if (layers.size() == 1) {
            return NO_BUFFERS;
        }
        Tensor[] ws = workspace.get();
        if (ws == null || ws[0].rows() != rows) {
            ws = new Tensor[layers.size() - 1];
            for (int i = 0; i < ws.length; i++) {
                ws[i] = Tensor.zeros(model.dtype(), rows, model.width(i));
            }
            workspace.set(ws);
        }
        return ws;
    }
}
