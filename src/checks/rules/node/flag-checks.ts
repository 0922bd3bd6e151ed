import { listValue, parseFeatureGates, parseGoBool, type Setting } from '../../../parsers/component-flags/flags.js';
import type { Component } from './model.js';

/** A failed check: what is wrong, and the setting at fault (absent when nobody set it and the default is wrong). */
export interface Verdict {
  message: string;
  setting?: Setting;
}

export type FlagTest = (component: Component) => Verdict | undefined;

const shown = (s: Setting) => `--${s.name}=${s.value} (${s.source})`;
type Default<T> = T | ((component: Component) => T);
const resolveDefault = <T>(value: Default<T>, component: Component): T => (typeof value === 'function' ? (value as (c: Component) => T)(component) : value);

/** The flag, read as a Go boolean, must be `expected`; unset means `fallback`. */
export function boolIs(flag: string, expected: boolean, fallback: Default<boolean | undefined>): FlagTest {
  return (component) => {
    const setting = component.settings.get(flag);
    if (!setting) {
      const value = resolveDefault(fallback, component);
      return value === expected ? undefined : { message: `--${flag} is not set${value === undefined ? '' : `, and defaults to ${value}`}; it should be ${expected}` };
    }
    const value = parseGoBool(setting.value);
    if (value === expected) return undefined;
    return { message: value === undefined ? `${shown(setting)} is not a boolean; it should be ${expected}` : `${shown(setting)}; it should be ${expected}`, setting };
  };
}

/** Every flag must be set to something non-empty. */
export function required(...flags: string[]): FlagTest {
  return (component) => {
    const missing = flags.filter((flag) => !component.settings.get(flag)?.value.trim());
    if (missing.length === 0) return undefined;
    const setting = flags.map((f) => component.settings.get(f)).find((s) => s !== undefined);
    return { message: `${missing.map((f) => `--${f}`).join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set`, ...(setting ? { setting } : {}) };
  };
}

/** The flag must not be set at all. */
export function absent(flag: string): FlagTest {
  return (component) => {
    const setting = component.settings.get(flag);
    return setting ? { message: `--${flag} is set (${setting.source}); it should not be`, setting } : undefined;
  };
}

/** A comma-separated flag must include `item`; unset means `fallback`. */
export function listHas(flag: string, item: string, fallback: Default<string> = ''): FlagTest {
  return (component) => {
    const setting = component.settings.get(flag);
    const items = listValue(setting?.value ?? resolveDefault(fallback, component));
    if (items.includes(item)) return undefined;
    return setting ? { message: `${shown(setting)} does not include ${item}`, setting } : { message: `--${flag} is not set${resolveDefault(fallback, component) ? `, and defaults to ${resolveDefault(fallback, component)}` : ''}; it should include ${item}` };
  };
}

/** A comma-separated flag must not include `item`; unset means `fallback`. */
export function listLacks(flag: string, item: string, fallback: Default<string> = ''): FlagTest {
  return (component) => {
    const setting = component.settings.get(flag);
    const items = listValue(setting?.value ?? resolveDefault(fallback, component));
    if (!items.includes(item)) return undefined;
    return setting ? { message: `${shown(setting)} includes ${item}`, setting } : { message: `--${flag} is not set, and defaults to ${resolveDefault(fallback, component)}, which includes ${item}` };
  };
}

/** An integer flag must be set to at least `minimum`. */
export function atLeast(flag: string, minimum: number): FlagTest {
  return (component) => {
    const setting = component.settings.get(flag);
    if (!setting) return { message: `--${flag} is not set; it should be at least ${minimum}` };
    const value = Number(setting.value);
    if (Number.isInteger(value) && value >= minimum) return undefined;
    return { message: `${shown(setting)}; it should be ${Number.isInteger(value) ? '' : 'an integer '}at least ${minimum}`, setting };
  };
}

/** The flag must equal `expected`; unset means `fallback`. */
export function equals(flag: string, expected: string, fallback: Default<string>): FlagTest {
  return (component) => {
    const setting = component.settings.get(flag);
    if (!setting) {
      const value = resolveDefault(fallback, component);
      return value === expected ? undefined : { message: `--${flag} is not set, and defaults to ${value}; it should be ${expected}` };
    }
    return setting.value === expected ? undefined : { message: `${shown(setting)}; it should be ${expected}`, setting };
  };
}

/** The flag, when set, must not equal one of `bad` (compared after `normalize`). */
export function notValue(flag: string, bad: string[], normalize: (value: string) => string = (v) => v): FlagTest {
  return (component) => {
    const setting = component.settings.get(flag);
    if (!setting || !bad.includes(normalize(setting.value))) return undefined;
    return { message: `${shown(setting)}; it should not be ${bad[0]}`, setting };
  };
}

/** A feature gate must not be turned off in `--feature-gates`. */
export function gateNotOff(gate: string): FlagTest {
  return (component) => {
    const setting = component.settings.get('feature-gates');
    const value = setting ? parseFeatureGates(setting.value).get(gate) : undefined;
    if (!setting || value === undefined || parseGoBool(value) !== false) return undefined;
    return { message: `--feature-gates turns ${gate} off (${setting.source}); it should be on`, setting };
  };
}

/** Every listed item of a comma-separated flag must be in `allowed`; an unset flag passes (the Go defaults are strong). */
export function onlyFrom(flag: string, allowed: readonly string[]): FlagTest {
  return (component) => {
    const setting = component.settings.get(flag);
    if (!setting) return undefined;
    const weak = listValue(setting.value).filter((item) => !allowed.includes(item));
    return weak.length === 0 ? undefined : { message: `--${flag} (${setting.source}) includes ${weak.join(', ')}, outside the strong set`, setting };
  };
}

/** Both tests must pass; the first failure is reported. */
export function both(first: FlagTest, second: FlagTest): FlagTest {
  return (component) => first(component) ?? second(component);
}

/** A zero Go duration (`0`, `0s`, `0h0m0s`) as `0`, any other value as it is, for comparison with notValue. */
export function zeroDurationAsZero(value: string): string {
  return /^[+]?(0+(\.0+)?(ns|us|µs|ms|s|m|h)?)+$/.test(value.trim()) ? '0' : value;
}
