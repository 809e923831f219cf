import { EventBus } from './event-bus.js';

/**
 * The event bus a tenant's engine emits on: the middleware's own listeners, each payload tagged
 * with the tenant, so one `on('created')` hears every tenant and can tell them apart. Listening
 * goes to the shared bus, so `has` (which lets hot paths skip building a payload) stays true to it.
 */
export class TenantEventBus<Events extends object> extends EventBus<Events> {
  constructor(
    private readonly shared: EventBus<Events>,
    readonly tenant: string,
  ) {
    super();
  }

  override on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): void {
    this.shared.on(event, listener);
  }

  override off<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): void {
    this.shared.off(event, listener);
  }

  override has(event: keyof Events): boolean {
    return this.shared.has(event);
  }

  override readonly emit = <E extends keyof Events>(event: E, payload: Events[E]): void => {
    if (this.shared.has(event)) this.shared.emit(event, { ...payload, tenant: this.tenant });
  };
}
