import { createApp } from '../src/app';

createApp().app.synth();
