package io.sextant.model;

/**
 * How resources are applied: {@code apply} alone, or {@code hook} (the default) with hooks.
 */
public class SyncStrategy extends ExtensibleObject {

    private Apply apply;
    /** Same options as apply. */
    private Apply hook;

    public Apply getApply() {
        return apply;
    }

    public void setApply(Apply apply) {
        this.apply = apply;
    }

    public Apply getHook() {
        return hook;
    }

    public void setHook(Apply hook) {
        this.hook = hook;
    }

    /** Options of both strategies. */
    public static class Apply extends ExtensibleObject {
        /** Delete and re-create on conflicts. */
        private Boolean force;

        public Boolean getForce() {
            return force;
        }

        public void setForce(Boolean force) {
            this.force = force;
        }
    }
}
