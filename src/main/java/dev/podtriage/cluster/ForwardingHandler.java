package dev.podtriage.cluster;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

/** Passes informer notifications on to another handler, of the same or a wider type; subclasses change what they must. */
class ForwardingHandler<T extends U, U> implements ResourceEventHandler<T> {
    final ResourceEventHandler<U> to;

    ForwardingHandler(ResourceEventHandler<U> to) {
        this.to = to;
    }

    @Override
    public void onAdd(T obj) {
        to.onAdd(obj);
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
        to.onUpdate(oldObj, newObj);
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        to.onDelete(obj, deletedFinalStateUnknown);
    }
}
