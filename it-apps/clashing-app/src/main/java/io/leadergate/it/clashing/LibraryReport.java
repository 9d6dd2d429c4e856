package io.leadergate.it.clashing;

/** What one library check found: the version loaded at run time, and where it came from. */
record LibraryReport(
        String name, String loadedVersion, String shippedVersion, String jar, String evidence) {

    boolean matches() {
        return loadedVersion.equals(shippedVersion);
    }

    @Override
    public String toString() {
        return "library "
                + name
                + " loaded "
                + loadedVersion
                + " ships "
                + shippedVersion
                + " from "
                + jar
                + ": "
                + evidence
                + (matches() ? " [OK]" : " [MISMATCH]");
    }
}
