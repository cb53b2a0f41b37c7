module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'notifier-app',
  rootDir: __dirname,
};
