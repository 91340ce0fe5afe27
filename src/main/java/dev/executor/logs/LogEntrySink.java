package dev.executor.logs;

/** Where entries go: the frontend in production, the terminal for {@code run-job}, a list in tests. */
public interface LogEntrySink {

    /** Creates the entry and returns its id. */
    int add(EntrySnapshot entry);

    /** Replaces the whole entry with this state. */
    void update(int entryId, EntrySnapshot entry);
}
