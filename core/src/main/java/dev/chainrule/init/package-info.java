/** Weight initializers: normal with a given scale, LeCun, Xavier/Glorot, He, zeros; all from one seeded source. */
package dev.chainrule.init;
