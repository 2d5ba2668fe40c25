// @ts-check
/**
 * TypeDoc, one page per package: the entry points are every non-private `packages/*` package's `exports`
 * (their `@siphon/source` targets), each named as a user imports it (`@siphon/core`, `@siphon/core/adapter`),
 * and a router that renders each entry point as one page, every export a section of it with its own anchor.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  Converter,
  DefaultTheme,
  DefaultThemeRenderContext,
  DeclarationReflection,
  JSX,
  KindRouter,
  PageKind,
  Reflection,
  ReflectionKind,
} from 'typedoc';

/** @param {unknown} exportsField @param {string} subpath @returns {[string, string][]} */
const sourceTargets = (exportsField, subpath = '.') => {
  if (typeof exportsField !== 'object' || exportsField === null) return [];
  return Object.entries(exportsField).flatMap(([key, target]) => {
    if (key === '@siphon/source' && typeof target === 'string') return [[subpath, target]];
    return sourceTargets(target, key.startsWith('.') ? key : subpath);
  });
};

/** Absolute entry file → the specifier a user imports it by. */
export function siphonEntryPoints(root = process.cwd()) {
  /** @type {Map<string, string>} */
  const entries = new Map();
  for (const dir of readdirSync(resolve(root, 'packages'))) {
    const manifestPath = resolve(root, 'packages', dir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (manifest.private === true) continue;
    for (const [subpath, target] of sourceTargets(manifest.exports)) {
      entries.set(resolve(root, 'packages', dir, target), `${manifest.name}${subpath.slice(1)}`);
    }
  }
  return entries;
}

class PackagePageRouter extends KindRouter {
  /** @param {import('typedoc').RouterTarget} target */
  getPageKind(target) {
    const kind = super.getPageKind(target);
    if (kind === PageKind.Document) return kind;
    return target instanceof Reflection && target.kindOf(ReflectionKind.Module) ? kind : undefined;
  }
}

/** A package's page shows every export in full (the default shows a summary that links to their pages). */
class PackagePageContext extends DefaultThemeRenderContext {
  /** @param {ConstructorParameters<typeof DefaultThemeRenderContext>} args */
  constructor(...args) {
    super(...args);
    const summary = this.moduleReflection;
    this.moduleReflection = (mod) => {
      if (!mod.kindOf(ReflectionKind.Module)) return summary(mod);
      return JSX.createElement(
        JSX.Fragment,
        null,
        mod.hasComment() && JSX.createElement('section', { class: 'tsd-panel tsd-comment' }, this.commentSummary(mod)),
        this.members(mod),
      );
    };
  }
}

class PackagePageTheme extends DefaultTheme {
  /** @param {import('typedoc').PageEvent<Reflection>} page */
  getRenderContext(page) {
    return new PackagePageContext(this.router, this, page, this.application.options);
  }
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  const names = siphonEntryPoints();
  app.renderer.defineRouter('package', PackagePageRouter);
  app.renderer.defineTheme('package', PackagePageTheme);
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Module)) return;
    const file = context.getSymbolFromReflection(reflection)?.declarations?.[0]?.getSourceFile().fileName;
    const name = file === undefined ? undefined : names.get(resolve(file));
    if (name !== undefined) reflection.name = name;
  });
  // The project's rule: TSDoc on every export (a function's comment sits on its signatures).
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    for (const mod of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      if (!(mod instanceof DeclarationReflection)) continue;
      for (const child of mod.children ?? []) {
        if (child.kindOf(ReflectionKind.Reference)) continue;
        const documented = child.hasComment() || (child.signatures ?? []).some((signature) => signature.hasComment());
        if (!documented) app.logger.warn(`${mod.name}: the export ${child.name} has no TSDoc`);
      }
    }
  });
}
