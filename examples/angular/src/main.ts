import { bootstrapApplication } from '@angular/platform-browser';
import { provideZonelessChangeDetection } from '@angular/core';
// Registering the elements before Angular renders: Angular's [property]
// bindings then reach the elements' own properties.
import '@ecotone/elements/provider.js';
import '@ecotone/elements/post.js';
import '@ecotone/elements/composer.js';
import { App } from './app/app';

bootstrapApplication(App, { providers: [provideZonelessChangeDetection()] }).catch((err: unknown) => console.error(err));
