package dev.chainrule.bench;

import dev.chainrule.data.Dataset;
import dev.chainrule.data.IdxFolder;
import dev.chainrule.data.LoadedData;
import dev.chainrule.io.NetworkFile;
import dev.chainrule.io.NetworkSpec;
import dev.chainrule.io.StateDict;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.train.Batch;
import dev.chainrule.train.BatchPlan;
import dev.chainrule.train.Batching;
import dev.chainrule.train.Trainer;
import dev.chainrule.train.TrainingConfig;
import dev.chainrule.train.TrainingListener;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What {@code chainrule train --network FILE --seed SEED --batch B} starts from, written for another
 * library to replay: the untrained network's weights and biases ({@code init.safetensors}, PyTorch's
 * names and layouts, as {@link StateDict#save} writes them) and the row order of every epoch as the
 * trainer's {@link BatchPlan} hands it out ({@code order.i32}: little-endian int32, {@code epochs} rows
 * of {@code n} row indices; batch {@code k} of an epoch is its entries {@code k*B .. min((k+1)*B, n)}).
 * The model is built as the command line builds it from a network file (float32, the file's
 * initializer, the seed), and the plan is the trainer's (shuffled, the same seed), run over a data set
 * whose one feature is the row index, so the order is the trainer's own and not a copy of its rule.
 *
 * With an IDX folder as a seventh argument it also trains the first epoch as {@code chainrule train
 * --optimizer momentum --momentum 0.9 --lr 0.05} does (the trainer, 60,000 images / 255) and writes every
 * batch's loss before its step to {@code steps.csv}: the epoch's mean loss equals the first row of that
 * command's {@code --log}, which shows that the files above are the command's start.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.chainrule.bench.TrainingPlanExport \
 *     NETWORK SEED EPOCHS ROWS BATCH OUT_DIR [IDX_FOLDER]
 * </pre>
 * {@code bench/scripts/torch_cnn_trajectory.py DATA EPOCHS --from OUT_DIR} trains PyTorch from them.
 */
public final class TrainingPlanExport {
    private TrainingPlanExport() {
    }

    /**
     * Writes {@code init.safetensors} and {@code order.i32} into the folder.
     *
     * @param args network file, seed, epochs, rows of the training set, batch size, output folder, and
     *             optionally an IDX folder to train the first epoch on
     * @throws IOException when a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 6 && args.length != 7) {
            System.err.println("usage: TrainingPlanExport NETWORK SEED EPOCHS ROWS BATCH OUT_DIR [IDX_FOLDER]");
            System.exit(2);
        }
        Path network = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        int epochs = Integer.parseInt(args[2]);
        int n = Integer.parseInt(args[3]);
        int batch = Integer.parseInt(args[4]);
        Path out = Path.of(args[5]);
        Files.createDirectories(out);

        NetworkSpec spec = NetworkFile.read(network);
        Sequential model = spec.build(DType.FLOAT32, seed, null);
        StateDict.save(out.resolve("init.safetensors"), model);

        Tensor index = Tensor.zeros(DType.FLOAT32, n, 1);
        for (int r = 0; r < n; r++) {
            index.set(r, 0, r); // exact in float32 up to 2^24 rows
        }
        Dataset rows = new Dataset("row indices", index, Tensor.zeros(DType.FLOAT32, n, 1), List.of());
        BatchPlan plan = BatchPlan.of(Batching.SHUFFLED, rows, batch, seed);
        ByteBuffer epochOrder = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream file = Files.newOutputStream(out.resolve("order.i32"));
             DataOutputStream o = new DataOutputStream(file)) {
            for (int e = 1; e <= epochs; e++) {
                epochOrder.clear();
                plan.startEpoch(e);
                while (plan.hasNext()) {
                    Batch b = plan.next();
                    for (int r = 0; r < b.rows(); r++) {
                        epochOrder.putInt((int) b.features().get(r, 0));
                    }
                }
                if (epochOrder.position() != 4 * n) {
                    throw new IllegalStateException("epoch " + e + " handed out " + epochOrder.position() / 4 + " rows, not " + n);
                }
                o.write(epochOrder.array());
            }
        }
        System.out.printf("wrote %s (%d tensors) and %s (%d epochs x %d rows, %d batches of %d per epoch)%n",
                out.resolve("init.safetensors"), StateDict.of(model).size(), out.resolve("order.i32"), epochs, n,
                plan.batchesPerEpoch(), batch);
        if (args.length == 7) {
            firstEpoch(model, Path.of(args[6]), seed, batch, out.resolve("steps.csv"));
        }
    }

    /** Trains one epoch of {@code model} on the IDX folder's training part, writing each batch's loss. */
    private static void firstEpoch(Sequential model, Path idx, long seed, int batch, Path steps) throws IOException {
        LoadedData data = IdxFolder.load(idx, "fashion-mnist", null, DType.FLOAT32);
        StringBuilder csv = new StringBuilder("epoch,batch,rows,loss\n");
        Trainer trainer = new Trainer(model, Sgd.momentum(0.05, 0.9), new TrainingConfig(1, batch, Batching.SHUFFLED, seed));
        trainer.addListener(new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int b, int rows, double loss) {
                csv.append(epoch).append(',').append(b).append(',').append(rows).append(',')
                        .append(String.format(Locale.ROOT, "%.9g", loss)).append('\n');
            }
        });
        double loss = trainer.fit(data.train()).last().trainLoss();
        Files.writeString(steps, csv);
        System.out.println("epoch 1: train loss " + loss + "; wrote " + steps);
    }
}
