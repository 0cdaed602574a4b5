import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_RULE } from './access.decorators.js';

/** Refuses to start an app in which a route declares no access rule: a forgotten @Roles is a start-up failure. */
@Injectable()
export class AccessRuleCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const missing = undeclaredRoutes(this.discovery, this.scanner, this.reflector);
    if (missing.length > 0) throw new Error(`routes without an access rule (@Roles or @Public): ${missing.join(', ')}`);
  }
}

export function undeclaredRoutes(discovery: DiscoveryService, scanner: MetadataScanner, reflector: Reflector): string[] {
  const missing: string[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance) continue;
    const prototype = Object.getPrototypeOf(instance) as object;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = (prototype as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
      if (Reflect.getMetadata('path', handler) === undefined) continue; // not a route
      const rule = reflector.getAllAndOverride(ACCESS_RULE, [handler, instance.constructor]);
      if (!rule) missing.push(`${instance.constructor.name}.${name}`);
    }
  }
  return missing;
}
