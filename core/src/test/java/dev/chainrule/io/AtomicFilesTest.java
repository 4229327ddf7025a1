package dev.chainrule.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AtomicFilesTest {

    private static boolean posix() {
        return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static List<String> names(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void newAndReplacedFilesGetTheUmasksPermissionsNot0600(@TempDir Path dir) throws Exception {
        assumeTrue(posix());
        Path reference = Files.createFile(dir.resolve("reference")); // 0666 less the umask
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(reference);
        Path file = dir.resolve("m.model");
        AtomicFiles.write(file, new byte[] {1, 2, 3});
        assertEquals(PosixFilePermissions.toString(expected), PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        AtomicFiles.write(file, new byte[] {4});
        assertEquals(PosixFilePermissions.toString(expected), PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(List.of("m.model", "reference"), names(dir));
    }

    @Test
    void aSymbolicLinkIsWrittenThroughAndKept(@TempDir Path dir) throws Exception {
        Path real = Files.writeString(dir.resolve("v3.model"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("latest.model"), real.getFileName());
        AtomicFiles.write(link, "new".getBytes(StandardCharsets.UTF_8));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(real));
        assertEquals(List.of("latest.model", "v3.model"), names(dir));
    }

    @Test
    void foldersDevicesPipesAndDanglingLinksAreRefusedNamingTheGivenPath(@TempDir Path dir) throws Exception {
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.model"), dir.resolve("nowhere"));
        Path folder = Files.createDirectory(dir.resolve("folder.model"));
        List<Path> bad = new java.util.ArrayList<>(List.of(dangling, folder, dir.resolve("no-such-folder/m.model")));
        if (Files.exists(Path.of("/dev/null"))) {
            bad.add(Path.of("/dev/null"));
        }
        Path fifo = dir.resolve("fifo");
        try {
            if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) {
                bad.add(fifo);
            }
        } catch (java.io.IOException e) {
            // no mkfifo here
        }
        for (Path target : bad) {
            FileSystemException e = assertThrows(FileSystemException.class, () -> AtomicFiles.write(target, new byte[1]));
            assertEquals(target.toString(), e.getFile());
        }
        assertTrue(Files.isSymbolicLink(dangling) && Files.isDirectory(folder));
        List<String> left = names(dir);
        assertTrue(left.stream().noneMatch(n -> n.endsWith(".tmp")), left.toString());
    }

    @Test
    void aFailedMoveNamesTheTargetAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("m.model");
        AtomicFiles.write(target, new byte[] {1});
        // the target turns into a non-empty folder between the check and the move
        Files.delete(target);
        Files.createDirectories(target.resolve("inside"));
        FileSystemException e = assertThrows(FileSystemException.class, () -> AtomicFiles.write(target, new byte[] {2}));
        assertEquals(target.toString(), e.getFile());
        assertEquals(List.of("m.model"), names(dir));
    }

    @Test
    void aFailedWriteNamesThePathGivenAndTheReasonInWords() {
        Path proc = Path.of("/proc/chainrule-no-such-file.bin"); // /proc takes no new files: ENOENT on create
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")));
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> AtomicFiles.write(proc, new byte[] {1}));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(proc.toString())
                && e.getMessage().contains("no such file or folder") && !e.getMessage().contains("Exception"), e.getMessage());
    }
}
