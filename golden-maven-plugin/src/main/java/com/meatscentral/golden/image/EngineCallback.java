package com.meatscentral.golden.image;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.ResponseItem;

/**
 * A docker-java stream callback (a build's or a push's) that keeps the engine's first error
 * message and the stream's own failure; the subclass reads every item. docker-java does not throw
 * when the engine reports an error inside a 200 stream, so the caller checks {@link #error} after
 * completion.
 */
abstract class EngineCallback<T extends ResponseItem> extends ResultCallback.Adapter<T> {

    /** The engine's first error: its errorDetail's message, else its error line. */
    volatile String error;

    /** The stream's own failure (a cut connection), if any. */
    volatile Throwable streamError;

    @Override
    public final void onNext(T item) {
        item(item);
        if (error == null && (item.getErrorDetail() != null || item.getError() != null)) {
            error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                    ? item.getErrorDetail().getMessage()
                    : item.getError();
        }
    }

    /** One item of the stream, before its error (if any) is kept. */
    abstract void item(T item);

    @Override
    public void onError(Throwable throwable) {
        streamError = throwable;
        super.onError(throwable);
    }
}
