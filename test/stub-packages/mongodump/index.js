// Nothing here: @push.rocks/smartmongo's CongoDB server does not use this package.
export {};
