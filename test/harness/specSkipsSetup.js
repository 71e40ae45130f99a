'use strict';
module.exports = require('./specSkips').globalSetup;
