package dev.executor.logs;

/** Where entries go: the frontend in production, a list in tests. */
public interface LogEntrySink {

    /** How hard to try. */
    enum Attempt {
        /** One try: an intermediate update, superseded by the next one anyway. */
        ONCE,
        /** Retry with backoff through frontend errors until the job's finalize deadline: the last word on an entry. */
        UNTIL_DEADLINE
    }

    /** Creates the entry and returns its id; throws {@link LogSinkException}. */
    int add(EntrySnapshot entry, Attempt attempt);

    /** Replaces the whole entry with this state; throws {@link LogSinkException}. */
    void update(int entryId, EntrySnapshot entry, Attempt attempt);

    /** How many bytes an update request of this entry adds around {@code out}, for the update policy. */
    default long overheadBytes(EntrySnapshot entry) {
        return 256;
    }
}
