module.exports = { ...require('../../jest.preset.js'), displayName: 'loggen', rootDir: __dirname };
