module.exports = { ...require('../../jest.preset.js'), displayName: 'aws-kit', rootDir: __dirname };
