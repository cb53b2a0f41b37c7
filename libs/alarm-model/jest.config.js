module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'alarm-model',
  rootDir: __dirname,
};
